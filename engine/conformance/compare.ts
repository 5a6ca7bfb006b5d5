/**
 * Grades an engine run (ACTUAL) against a real-kernel recording (EXPECTED) at three cumulative tiers:
 * a TypeScript port of ../shared/oracle/tools/lib/compare_engine.py, giving the same verdicts and the
 * same difference messages. The recording is right; the comparator only decides what "the same" means.
 *
 * A difference is attributed to the LOWEST tier whose rule it breaks; tier N passes only if tiers < N
 * pass and tier N has no differences of its own.
 *
 * T1 semantics
 *   - `output`: both sides filtered the same way (xfs_io timing lines dropped, trailing blanks
 *     stripped). Extent lines of an xfs_io `bmap` print ("   N: [a..b]: ...") are not compared at T1;
 *     every other line must be equal, in order.
 *   - `body_rc` equal; state.final: same regular-file names, per file `size` and `md5` equal.
 *
 * T2 logical layout (T1 plus)
 *   - `output` bmap extent lines: each run reduced to its logical map ([start..end], kind
 *     hole/delalloc/mapped, shared + unwritten FLAGS digits), adjacent equal entries coalesced.
 *   - final, after_sync, after_remount: file-name set, `size` (after_sync/after_remount), `st_blocks`,
 *     and the data fork (or `data_fork_error`) as a logical map (offset, length, kind, shared) with
 *     adjacent same-kind extents coalesced: XFS merges extents that are also physically contiguous, so
 *     a split only says "not contiguous on disk" — a physical fact, checked at T3.
 *   - The trace, restricted to the events EXPECTED enabled (`events_enabled`). `ctx` is never compared
 *     but classifies events:
 *       R  racy writeback-cache events, never compared: xfs_wb_data_iomap_invalid,
 *          xfs_wb_cow_iomap_invalid, xfs_iomap_invalid, xfs_map_blocks_found;
 *       C  completion-side: ctx `kworker`, or xfs_unwritten_convert, xfs_setfilesize,
 *          xfs_reflink_end_cow, xfs_reflink_cow_remap_from/to, or xfs_bunmap with REMAP in its flags;
 *       A  anchors (syscall entry): xfs_file_buffered_write, xfs_file_direct_write, xfs_file_fsync,
 *          xfs_reflink_remap_range, xfs_free_file_space, xfs_alloc_file_space, xfs_zero_file_space,
 *          xfs_reflink_unshare;
 *       S  everything else.
 *     A and S events form the strict sequence, compared one by one on (event, fields in print order
 *     minus physical, ignored and racy ones). C events are grouped into completion windows (between
 *     two consecutive anchors) and compared per key (event + remaining fields, minus isize, disize,
 *     wpcseq, forkseq) as the coverage function of their ranges: [pos, pos+bytecount) in bytes, else
 *     [fileoff, fileoff+fsbcount) in blocks; events without a range as a count. A repeated
 *     xfs_map_blocks_alloc of the same extent within a window is dropped. `disize` is ignored
 *     everywhere, `ops` (a kernel pointer) too.
 *     Physical fields (T3 only): startblock / block / pblk / fsbno / agbno / daddr / addr / blkno / bno
 *     (also dest_/src_), or any "*block*" key that is not a "*blocks" count — unless the value is a
 *     special encoding >= 0xffffffffe0000 (delalloc, HOLESTARTBLOCK, IOMAP_NULL_ADDR), which is
 *     logical; and xfs_freecounter_enospc avail/total. Unknown inodes `ino#N` are renamed by order of
 *     first appearance (`ino#@1`, ...) at T2; the real numbers are compared at T3.
 *
 * T3 physical (T2 plus)
 *   - data_fork extents exactly (with block_bb and the splits); bmap extent lines raw;
 *   - physical trace fields and real inode numbers, position by position in the strict sequence, and
 *     in completion-window keys (startblock - fileoff for ranged events, so merged remaps match);
 *   - statfs `statfs.f_bavail` in final, after_sync, after_remount (and initial when both have it).
 */
import { diffSeq, filterOutput, MAXSHOW, outputTokens } from './compare-output.js';
import { compareStates, type TierDiffs } from './compare-states.js';
import { compareTrace } from './compare-trace.js';
import type { OracleJson } from './oracle-json.js';
import { dictOrEmpty, pyEq, pyStr, type PyVal } from './py-values.js';

export type { OracleJson } from './oracle-json.js';

/** The verdict of each tier and each tier's own differences (what compare_engine.py --json prints). */
export interface ComparisonResult {
  t1: boolean;
  t2: boolean;
  t3: boolean;
  diffs: { t1: string[]; t2: string[]; t3: string[] };
}

/**
 * Compares an engine run with a recording. Reads both defensively, as the Python comparator does with
 * `dict.get`: a missing key is a difference, never an exception.
 */
export function compareRecording(expected: OracleJson, actual: OracleJson): ComparisonResult {
  const E = dictOrEmpty(expected);
  const A = dictOrEmpty(actual);
  const D: TierDiffs = { 1: [], 2: [], 3: [] };
  const oe = filterOutput(E['output'] as readonly string[] | undefined);
  const oa = filterOutput(A['output'] as readonly string[] | undefined);
  const d1 = diffSeq(outputTokens(oe, 1), outputTokens(oa, 1), 'output');
  D[1].push(...d1);
  if (d1.length === 0) {
    const d2 = diffSeq(outputTokens(oe, 2), outputTokens(oa, 2), 'output(bmap logical)');
    D[2].push(...d2);
    if (d2.length === 0) D[3].push(...diffSeq(outputTokens(oe, 3), outputTokens(oa, 3), 'output(raw)'));
  }
  if (!pyEq(E['body_rc'] as PyVal, A['body_rc'] as PyVal)) {
    D[1].push(`body_rc: expected ${pyStr(E['body_rc'])}, actual ${pyStr(A['body_rc'])}`);
  }
  compareStates(E, A, D);
  compareTrace(E, A, D);
  const t1 = D[1].length === 0;
  const t2 = t1 && D[2].length === 0;
  const t3 = t2 && D[3].length === 0;
  return { t1, t2, t3, diffs: { t1: D[1], t2: D[2], t3: D[3] } };
}

const TIER_NAMES = { 1: 'T1 semantics', 2: 'T2 logical layout', 3: 'T3 physical' } as const;

/**
 * The human-readable report of compare_engine.py (`report`): one line per tier, PASS or FAIL with the
 * number of own differences, and the first `show` of them.
 */
export function formatComparison(res: ComparisonResult, show = MAXSHOW): string {
  let out = '';
  for (const t of [1, 2, 3] as const) {
    const own = res.diffs[`t${t}`];
    const name = TIER_NAMES[t].padEnd(18);
    if (res[`t${t}`]) {
      out += `${name} PASS\n`;
      continue;
    }
    let why = own.length ? `${own.length} difference(s)` : 'no own differences';
    if (t > 1 && !res[`t${(t - 1) as 1 | 2}`]) why += `; T${t - 1} failed`;
    out += `${name} FAIL (${why})\n`;
    for (const d of own.slice(0, show)) out += `    - ${d}\n`;
    if (own.length > show) out += `    ... ${own.length - show} more\n`;
  }
  return out;
}
