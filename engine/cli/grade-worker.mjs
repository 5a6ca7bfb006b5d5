// Worker-thread entry of `xfslab grade`: worker threads do not inherit the parent's TypeScript
// loader, so register tsx here, then load the worker itself (grade-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./grade-worker.ts');
