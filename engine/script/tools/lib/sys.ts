/**
 * What every tool needs around the kernel: marking each system call as a step of the run, turning
 * an XfsError into its errno text (anything else is an engine bug and is rethrown), and mapping a
 * shell path onto the machine (the scratch mount, /dev/null, /proc/sys/fs/xfs; nothing else exists
 * on the simulated machine, so other paths are ENOENT).
 */
import type { ToolContext } from '../../tool.js';
import { XfsError, type Errno } from '../../../xfs-errors.js';

/** Announces a system call to the run (a step) and makes it. */
export function syscall<T>(ctx: ToolContext, label: string, call: () => T): T {
  ctx.host.step(label);
  return call();
}

/** The XfsError behind a failed call; other exceptions are bugs and propagate. */
export function asXfsError(e: unknown): XfsError {
  if (e instanceof XfsError) return e;
  throw e;
}

/** Runs `call`, returning its value or the XfsError it threw. */
export function attempt<T>(call: () => T): { ok: true; value: T } | { ok: false; error: XfsError } {
  try {
    return { ok: true, value: call() };
  } catch (e) {
    return { ok: false, error: asXfsError(e) };
  }
}

/** Where a tool's path argument lives. */
export type ToolPath =
  | { kind: 'mount'; rel: string }
  | { kind: 'devnull' }
  | { kind: 'proc'; knob: string }
  | { kind: 'absent'; code: Errno };

/** Maps a shell path; paths outside the scratch mount do not exist on the simulated machine. */
export function toolPath(ctx: ToolContext, path: string): ToolPath {
  if (path === '') return { kind: 'absent', code: 'ENOENT' };
  const r = ctx.resolve(path);
  switch (r.where) {
    case 'mount':
      return { kind: 'mount', rel: r.rel };
    case 'devnull':
      return { kind: 'devnull' };
    case 'proc':
      return { kind: 'proc', knob: r.knob };
    default:
      return { kind: 'absent', code: 'ENOENT' };
  }
}

/** The last component of a path (`basename`), ignoring trailing slashes. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** coreutils quoteaf(): shell-escape-always quoting, '...' with embedded ' as '\''. */
export function quoteAlways(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** coreutils quotef(): quotes only when the name needs it for the shell. */
export function quoteIfNeeded(s: string): string {
  return /^[A-Za-z0-9_./+,:=@%^-]+$/.test(s) ? s : quoteAlways(s);
}

/** The usual "Try 'prog --help'" tail of a usage error. */
export function tryHelp(ctx: ToolContext, prog: string): number {
  ctx.err(`Try '${prog} --help' for more information.\n`);
  return 1;
}
