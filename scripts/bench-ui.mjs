// `npm run bench:ui`: the fork timeline on a synthetic run of 10k steps × a file of 100k extents
// (renderer/bench/), in Debian's Chromium: index build, first render, scrub latency. A measurement,
// not a test.   node scripts/bench-ui.mjs [--steps N] [--extents N] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const steps = opt('--steps', 10_000);
const extents = opt('--extents', 100_000);

if (!existsSync(path.join(ROOT, 'out/renderer/bench.html')) || !existsSync(path.join(ROOT, 'out/main/web.js'))) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-bench-'));
const { serveWebLab } = await import(pathToFileURL(path.join(ROOT, 'out/main/web.js')).href);
const lab = await serveWebLab({ port: 0, workspaceDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(new URL(`bench.html?steps=${steps}&extents=${extents}`, lab.url).href);
  const result = JSON.parse(await page.getByTestId('bench-result').textContent({ timeout: 300_000 }));
  if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    const row = (k, v) => console.log(`  ${k.padEnd(40)} ${v}`);
    console.log(`fork timeline: ${result.steps} steps × ${result.extents} extents (${result.deltasPerStep} extents change per step), headless Chromium, 1400 px wide`);
    row('build the replay index', `${result.indexBuildMs} ms`);
    row('first render (store → painted frame)', `${result.firstRenderMs} ms`);
    row('jump to a random step (replay+layout+draw)', `p50 ${result.randomJumpMs.p50} ms, p95 ${result.randomJumpMs.p95} ms, max ${result.randomJumpMs.max} ms`);
    row('step forward while scrubbing', `p50 ${result.sequentialStepMs.p50} ms, p95 ${result.sequentialStepMs.p95} ms, max ${result.sequentialStepMs.max} ms`);
    row('input → next painted frame', `p50 ${result.inputToFrameMs.p50} ms, p95 ${result.inputToFrameMs.p95} ms`);
    row('random jump, zoomed to 1/100 of the file', `p50 ${result.zoomedJumpMs.p50} ms, p95 ${result.zoomedJumpMs.p95} ms`);
  }
} finally {
  await browser.close();
  await lab.close();
  rmSync(workspaceDir, { recursive: true, force: true });
}
