/**
 * The state of one xfs_quota process and its command contract (libxcmd cmdinfo_t), plus the
 * helpers the commands share: quotactl with errno handling, id lookup (id_from_string) and
 * command_usage.
 */
import type { ToolContext } from '../../tool.js';
import type { FsDiskQuota, QuotaType, Syscalls } from '../../../syscalls.js';
import type { BufferedStdio } from '../lib/stdio.js';
import { asXfsError, syscall } from '../lib/sys.js';
import { parseGroup, parseUser } from '../lib/ids.js';

/** The filesystem xfs_quota works on (an fs_table entry): mount point and device. */
export interface QuotaMount {
  dir: string;
  dev: string;
}

/** One xfs_quota process. */
export interface QuotaState {
  readonly ctx: ToolContext;
  readonly sys: Syscalls;
  readonly io: BufferedStdio;
  progname: string;
  exitcode: number;
  /** fs_path: null when no quota-enabled filesystem matched (every command then does nothing). */
  mount: QuotaMount | null;
}

/** A command (cmdinfo_t); `expert` ones exist only with -x. */
export interface QuotaCommand {
  name: string;
  altname?: string;
  argmin: number;
  argmax: number;
  expert: boolean;
  args: string;
  oneline: string;
  run(st: QuotaState, argv: string[]): void;
}

/** command_usage(): `name args -- oneline` on stdout. */
export function usage(st: QuotaState, c: QuotaCommand): void {
  st.io.out(`${c.name} ${c.args} -- ${c.oneline}\n`);
}

/** The -u/-g/-p type bits of a command line, as one type; null when several were given. */
export function oneType(bits: Set<QuotaType>, def: QuotaType = 'user'): QuotaType | null {
  if (bits.size === 0) return def;
  return bits.size === 1 ? [...bits][0] : null;
}

/** Q_XGETQUOTA / Q_XGETNEXTQUOTA; null when the kernel says no (ENOENT, ESRCH, ENOSYS...). */
export function getQuota(st: QuotaState, type: QuotaType, id: number, next = false): FsDiskQuota | null {
  if (!st.sys.quotaGet) return null;
  try {
    return syscall(st.ctx, `quotactl Q_XGET${next ? 'NEXT' : ''}QUOTA ${type} ${id}`, () => st.sys.quotaGet!(type, id, next));
  } catch (e) {
    asXfsError(e);
    return null;
  }
}

/** id_from_string: a number, or a user/group name; -1 (with the message) when unknown. */
export function idFromString(st: QuotaState, name: string, type: QuotaType): number {
  const id = type === 'user' ? parseUser(name) : type === 'group' ? parseGroup(name) : /^\d+$/.test(name) ? Number(name) : undefined;
  if (id !== undefined) return id;
  st.exitcode = 1;
  // xfsprogs prints the type and the program name the other way round: "user: invalid xfs_quota name: x".
  st.io.err(`${type}: invalid ${st.progname} name: ${name}\n`);
  return -1;
}
