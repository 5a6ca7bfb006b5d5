/**
 * xfs_quota's number and time formatting (xfsprogs quota/util.c): the grace-time strings
 * (`[7 days]`, `[0 days 00:00:02]`, `[--------]`, `[--none--]`), the human-readable sizes of `-h`
 * (`1.5M`, `  0`), and the type and form names of the headers. Written from the behaviour of
 * xfsprogs 6.1, not from its source text.
 */
import type { QuotaType } from '../../../syscalls.js';
import { formatFixed } from '../lib/cformat.js';

/** quota.h flags the printers take. */
export const HUMAN_FLAG = 1 << 1;
export const VERBOSE_FLAG = 1 << 3;
export const ABSOLUTE_FLAG = 1 << 5;
export const LIMIT_FLAG = 1 << 7;
export const QUOTA_FLAG = 1 << 8;

const DAY = 24 * 60 * 60;

/**
 * time_to_string(origin, flags): a grace period (ABSOLUTE) or the time left until an expiry
 * (`now` given), bracketed; over a hard limit `[--none--]`, no timer `[--------]`.
 */
export function timeToString(origin: number, flags: number, now = 0): string {
  let timer = flags & ABSOLUTE_FLAG ? origin : Math.max(origin - now, 0);
  // Non-verbose output rounds to whole days, 30 s early so a limit just set shows in full.
  if (timer > DAY && !(flags & VERBOSE_FLAG)) timer += 30;
  const days = Math.floor(timer / DAY);
  timer %= DAY;
  const hours = Math.floor(timer / 3600);
  timer %= 3600;
  const minutes = Math.floor(timer / 60);
  const seconds = timer % 60;
  const human = (flags & HUMAN_FLAG) !== 0;
  const pad = (n: number) => String(n).padStart(2, '0');
  const dayWord = `${days} ${days === 1 ? 'day' : 'days'}`;
  if (flags & LIMIT_FLAG) return human ? '[-none-]' : '[--none--]';
  if (origin === 0) return human ? '[------]' : '[--------]';
  if ((hours === 0 && minutes === 0 && seconds === 0) || (!(flags & VERBOSE_FLAG) && days > 0)) return `[${dayWord}]`;
  if (flags & VERBOSE_FLAG) return `[${dayWord} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}]`;
  const hms = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return human ? hms : `[${hms}]`;
}

/** round_snprintf: `%3u<unit>` when the division is exact, else `%3.1f<unit>`. */
function rounded(value: number, divisor: number, unit: string): string {
  const v = value / divisor;
  const whole = Math.floor(value / divisor);
  return v === whole ? `${String(whole).padStart(3)}${unit}` : `${formatFixed(v, 1, { width: 3 })}${unit}`;
}

/** bbs_to_string: 512-byte blocks in K/M/G/T/P/E, or bytes below 1 KiB. */
export function bbsToString(v: number): string {
  if (v === 0) return '   0';
  const units: [number, string][] = [[2 ** 51, 'E'], [2 ** 41, 'P'], [2 ** 31, 'T'], [2 ** 21, 'G'], [2 ** 11, 'M'], [2, 'K']];
  for (const [div, u] of units) if (v >= div) return rounded(v, div, u);
  return String(v * 512).padStart(4);
}

/** num_to_string: counts in k/m/b/t/... (powers of 1000, strictly above each). */
export function numToString(v: number): string {
  if (v === 0) return '   0';
  const units: [number, string][] = [[1e18, 'r'], [1e15, 'g'], [1e12, 't'], [1e9, 'b'], [1e6, 'm'], [1e3, 'k']];
  for (const [div, u] of units) if (v > div) return rounded(v, div, u);
  return String(v).padStart(4);
}

/** type_to_string: `User`, `Group`, `Project`. */
export function typeToString(type: QuotaType): string {
  return type === 'user' ? 'User' : type === 'group' ? 'Group' : 'Project';
}

/** Forms of quota data (XFS_BLOCK_QUOTA, XFS_INODE_QUOTA, XFS_RTBLOCK_QUOTA). */
export const BLOCK_FORM = 1;
export const INODE_FORM = 2;
export const RTBLOCK_FORM = 4;

/** form_to_string: `Blocks`, `Inodes`, `Realtime Blocks`. */
export function formToString(form: number): string {
  return form & BLOCK_FORM ? 'Blocks' : form & INODE_FORM ? 'Inodes' : 'Realtime Blocks';
}

/** `%-Ns` / `%Ns` of printf. */
export const left = (s: string, n: number): string => s.padEnd(n);
export const right = (s: string, n: number): string => s.padStart(n);
