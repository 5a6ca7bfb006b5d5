// `npm start`: build, then open the lab in Electron; if Electron cannot start here, say why in one line
// and serve the web version (the renderer and the lab service) on loopback instead. `npm run web`
// (--web) goes straight to the web version.
//   node scripts/start.mjs [--web] [--instructor] [--port N] [--workspace DIR] [--no-open] [--no-build]
// --instructor (or XFSLAB_INSTRUCTOR=1) opens the Grade view, which grades submission files with every check.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = path.join(ROOT, 'out', 'renderer');
const WEB_ENTRY = path.join(ROOT, 'out', 'main', 'web.js');
const DEFAULT_PORT = 5183;
/** An Electron that dies this soon after launch did not start (missing libraries, no GPU/display, ...). */
const EARLY_EXIT_MS = 3000;

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const instructor = flag('--instructor') || process.env.XFSLAB_INSTRUCTOR === '1';
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.XFSLAB_PORT ?? DEFAULT_PORT);
const wsArg = args.indexOf('--workspace');
const workspaceDir = wsArg >= 0 ? path.resolve(args[wsArg + 1]) : undefined;

function build() {
  const bin = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('xfslab: the build failed (see above).');
    process.exit(result.status ?? 1);
  }
}

/**
 * The Electron executable, or why there is none. Reads electron's path.txt instead of
 * `require('electron')`, which would try to download the binary.
 */
function findElectron() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  if (process.env.ELECTRON_EXEC_PATH) return { exe: process.env.ELECTRON_EXEC_PATH };
  let dir;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { why: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { why: 'the Electron binary is not downloaded (npx install-electron)' };
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  const exe = path.join(distDir, readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(exe)) return { why: `the Electron binary is missing (${exe})` };
  return { exe };
}

/** Resolves to undefined once Electron has run past the start-up window, or to why it could not start. */
function launchElectron(exe) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(exe, instructor ? [ROOT, '--instructor'] : [ROOT], { cwd: ROOT, stdio: 'inherit' });
    let stopping = false; // the user pressed Ctrl+C: that is no reason to fall back to the web version
    const forward = (sig) => {
      stopping = true;
      child.kill(sig);
    };
    const signals = ['SIGINT', 'SIGTERM'];
    for (const sig of signals) process.on(sig, forward);
    const fail = (why) => {
      clearTimeout(timer);
      for (const sig of signals) process.off(sig, forward);
      resolve(why);
    };
    const timer = setTimeout(() => resolve(undefined), EARLY_EXIT_MS);
    child.once('error', (err) => fail(`Electron could not be spawned (${err.message})`));
    child.once('exit', (code, signal) => {
      if (!stopping && Date.now() - started < EARLY_EXIT_MS && code !== 0) fail(`Electron exited at start-up (${signal ?? `code ${code}`})`);
      else process.exit(code ?? (signal ? 1 : 0));
    });
  });
}

function openBrowser(url) {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const onPath = (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, opener)));
  if (!onPath) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

async function serveWeb() {
  if (!existsSync(path.join(RENDERER, 'index.html')) || !existsSync(WEB_ENTRY)) build();
  const { serveWebLab } = await import(pathToFileURL(WEB_ENTRY).href);
  const lab = await serveWebLab({ port, workspaceDir, instructor });
  console.log(`XFS Lab (web version${instructor ? ', instructor' : ''}) at ${lab.url}  (Ctrl+C to stop)`);
  const stop = () => void lab.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (!flag('--no-open') && !process.env.CI) openBrowser(lab.url);
}

if (!flag('--no-build')) build();
if (flag('--web')) {
  await serveWeb();
} else {
  const electron = findElectron();
  const why = electron.exe ? await launchElectron(electron.exe) : electron.why;
  if (why) {
    console.log(`xfslab: cannot start the desktop app: ${why}; serving the web version instead.`);
    await serveWeb();
  }
}
