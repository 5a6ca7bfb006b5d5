// Entry of the web version (built to out/main/web.js; scripts/start.mjs imports it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { assignmentsDir, defaultWorkspaceDir } from '../paths';
import { startWebLab, type WebLab } from './web-lab';

/** The built app: out/main/web.js → the project root is two folders up. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServeOptions {
  port?: number;
  workspaceDir?: string;
  /** Another assignments folder (the end-to-end tests use a frozen one). */
  assignmentsDir?: string;
  /** Open the instructor's Grade view (see LabServiceOptions.instructor). */
  instructor?: boolean;
}

export function serveWebLab(opts: ServeOptions = {}): Promise<WebLab> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return startWebLab({
    rendererDir: path.join(ROOT, 'out', 'renderer'),
    assignmentsDir: opts.assignmentsDir ?? assignmentsDir(ROOT),
    workspaceDir: opts.workspaceDir ?? defaultWorkspaceDir(),
    workerUrl: new URL('./run-worker.js', import.meta.url),
    version: pkg.version,
    port: opts.port,
    instructor: opts.instructor === true,
  });
}
