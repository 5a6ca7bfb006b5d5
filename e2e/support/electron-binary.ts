// Where an Electron binary is, or why there is none (this machine cannot download one: the electron
// package is installed without its binary). Shared by the Electron spec and the grading run.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function electronBinary(): { exe?: string; why?: string } {
  if (process.env['ELECTRON_EXEC_PATH']) return { exe: process.env['ELECTRON_EXEC_PATH'] };
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { why: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { why: 'the Electron binary was never downloaded (no access to its release host here)' };
  const exe = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(exe)) return { why: `the Electron binary is missing (${exe})` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return { why: 'there is no display' };
  return { exe };
}
