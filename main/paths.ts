// Where the lab finds its files, for the desktop app and the web version alike.
import os from 'node:os';
import path from 'node:path';

/** The student's workspace folder of the web version: $XFSLAB_WORKSPACE, else the XDG data folder. */
export function defaultWorkspaceDir(): string {
  if (process.env['XFSLAB_WORKSPACE']) return path.resolve(process.env['XFSLAB_WORKSPACE']);
  const data = process.env['XDG_DATA_HOME'] || path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'xfs-lab', 'workspace');
}

/** The assignments folder: $XFSLAB_ASSIGNMENTS, else assignments/ at the project root. */
export function assignmentsDir(projectRoot: string): string {
  return process.env['XFSLAB_ASSIGNMENTS'] ? path.resolve(process.env['XFSLAB_ASSIGNMENTS']) : path.join(projectRoot, 'assignments');
}
