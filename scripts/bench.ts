/**
 * `npm run bench` (not a test): bundles scripts/bench-run.ts with the engine the way the app ships
 * it (one esbuild bundle, no per-module loader shims) and runs it in a child `node --expose-gc`, so
 * the memory figures are taken after a full collection instead of from a noisy heapUsed. Arguments
 * pass through (`-- --json`).
 */
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(mkdtempSync(join(tmpdir(), 'xfslab-bench-')), 'bench.mjs');
buildSync({
  entryPoints: [join(root, 'scripts', 'bench-run.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { 'import.meta.dirname': JSON.stringify(join(root, 'scripts')) },
  logLevel: 'warning',
});
const child = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = child.status ?? 1;
