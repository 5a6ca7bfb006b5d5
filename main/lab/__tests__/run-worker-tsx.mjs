// Test-only worker entry: runs run-worker.ts through tsx (the built app uses out/main/run-worker.js).
import { register } from 'tsx/esm/api';

register();
await import('../run-worker.ts');
