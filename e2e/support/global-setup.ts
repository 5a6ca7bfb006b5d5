// Build once before the suite, if the built app is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '__tests__') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function globalSetup(): void {
  const built = [path.join(ROOT, 'out/renderer/index.html'), path.join(ROOT, 'out/main/web.js'), path.join(ROOT, 'out/main/run-worker.js')];
  const builtAt = Math.min(...built.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sourcesAt = Math.max(newest(path.join(ROOT, 'main')), newest(path.join(ROOT, 'renderer')), newest(path.join(ROOT, 'engine')));
  if (builtAt >= sourcesAt) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('e2e: the build failed');
}
