/**
 * The `output` part of the comparison (compare_engine.py: filter_output, bmap_logical, output_tokens,
 * diff_seq). T1 drops the extent lines of `xfs_io bmap` prints, T2 reduces each run of them to a
 * coalesced logical map, T3 compares the raw lines.
 */
import { PY_WS, pyD, pyRepr, pyRstrip, pySplit, pyStrip, type PyVal, tup } from './py-values.js';
import { SequenceMatcher } from './sequence-matcher.js';

/** How many differences a sequence diff shows before stopping (MAXSHOW; it stops at 4 × MAXSHOW lines). */
export const MAXSHOW = 5;

// xfs_io's timing line "N KiB, N ops; 0.0001 sec (... MiB/sec and ... ops/sec)". Python's `.` is
// [^\n]; digits are ASCII here (Python's \d also takes other Unicode digits, never seen in output).
const TIMING = /^[0-9/.]+ [GMKiBbytes]+, [0-9]+ ops?; [0-9/:. sec]+ \([^\n]*\/sec and [^\n]* ops\/sec\)$/;
/** One extent line of an `xfs_io bmap -v` print: `   N: [a..b]: BLOCK-RANGE ...`. */
export const BMAPLINE = new RegExp(`^[${PY_WS}]*([0-9]+): \\[([0-9]+)\\.\\.([0-9]+)\\]:[${PY_WS}]+([^${PY_WS}]+)([^\\n]*)$`);

/** A line of the compared sequence: what a message shows and what equality compares. */
export interface OutputToken {
  display: string;
  key: string;
}

/** filter_output: trailing blanks stripped, xfs_io timing lines dropped (fstests style). */
export function filterOutput(lines: readonly string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const raw of lines ?? []) {
    const l = pyRstrip(raw);
    if (TIMING.test(pyStrip(l))) continue;
    out.push(l);
  }
  return out;
}

/** A coalescable entry: [start, end, ...attributes]. */
export type RangeEntry = [PyVal, PyVal, ...PyVal[]];

/** coalesce: merge entries whose ranges touch and whose attributes are equal. */
export function coalesce<T extends RangeEntry>(entries: readonly T[], eq: (a: PyVal, b: PyVal) => boolean): T[] {
  const out: T[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && eq(last[1], e[0]) && last.length === e.length && last.slice(2).every((x, i) => eq(x, e[2 + i]))) {
      out[out.length - 1] = [last[0], e[1], ...last.slice(2)] as T;
    } else {
      out.push([...e] as T);
    }
  }
  return out;
}

type BmapLogical = [bigint, bigint, string, string | null];

/** bmap_logical: [start, end) in 512-byte units, kind hole/delalloc/mapped, shared+unwritten flag digits. */
function bmapLogical(line: string): BmapLogical {
  const m = BMAPLINE.exec(line) as RegExpExecArray;
  const blk = m[4];
  const tail = pySplit(m[5]);
  const kind = blk === 'hole' || blk === 'delalloc' ? blk : 'mapped';
  let flags: string | null = null;
  // shared, unwritten (prealloc) -- the stripe bits are physical
  if (tail.length > 0 && /^[01]{5,6}$/.test(tail[tail.length - 1])) flags = tail[tail.length - 1].slice(0, 2);
  return [BigInt(m[2]), BigInt(m[3]) + 1n, kind, flags];
}

function sameScalar(a: PyVal, b: PyVal): boolean {
  return a === b;
}

/**
 * output_tokens: tier 1 drops bmap extent lines, tier 2 turns each run of them into one coalesced
 * logical-map token, tier 3 keeps every line raw.
 */
export function outputTokens(lines: readonly string[], tier: 1 | 2 | 3): OutputToken[] {
  const toks: OutputToken[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    if (tier === 2) {
      const m = coalesce(run.map(bmapLogical), sameScalar);
      const disp =
        'bmap extents ' +
        m.map(([a, b, k, f]) => `[${pyD(a)}..${pyD(b - 1n)}]${k}${f ? '/' + f : ''}`).join(' ');
      toks.push({ display: disp, key: pyRepr(tup('BMAP', tup(...m.map((e) => tup(...e))))) });
    }
    run = [];
  };
  for (const l of lines) {
    if (tier < 3 && BMAPLINE.test(l)) {
      if (tier === 2) run.push(l);
      continue;
    }
    flush();
    toks.push({ display: l, key: pyRepr(tup('L', l)) });
  }
  flush();
  return toks;
}

/** diff_seq: one message per differing position of the SequenceMatcher opcodes, at most 4 × show. */
export function diffSeq(a: readonly OutputToken[], b: readonly OutputToken[], what: string, show = MAXSHOW): string[] {
  const ka = a.map((t) => t.key);
  const kb = b.map((t) => t.key);
  if (ka.length === kb.length && ka.every((k, i) => k === kb[i])) return [];
  const res: string[] = [];
  for (const { tag, i1, i2, j1, j2 } of new SequenceMatcher(ka, kb).getOpcodes()) {
    if (tag === 'equal') continue;
    for (let k = 0; k < Math.max(i2 - i1, j2 - j1); k++) {
      const inA = i1 + k < i2;
      const inB = j1 + k < j2;
      const ea = inA ? a[i1 + k].display : '<none>';
      const eb = inB ? b[j1 + k].display : '<none>';
      res.push(
        `${what} line ${inA ? i1 + k + 1 : '-'}/${inB ? j1 + k + 1 : '-'}: ` +
          `expected ${pyRepr(ea)}, actual ${pyRepr(eb)}`,
      );
      if (res.length >= show * 4) return res;
    }
  }
  return res;
}
