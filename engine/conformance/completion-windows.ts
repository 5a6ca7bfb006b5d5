/**
 * Completion windows (compare_engine.py: coverage, fmt_cov, window_key, build_windows). Completion-side
 * events between two anchors are compared per key as the byte or block ranges they cover, reduced to a
 * coverage function, so one completion of 0x200000 bytes equals two of 0x100000.
 */
import { comparePyStrings, pyRepr, pyToInt, PyTuple, type PyVal, tup } from './py-values.js';
import { REVALIDATE_EVENTS, TIMING_FIELDS, type RawEvent } from './trace-events.js';

/** A covered range [start, end). */
type Range = [bigint, bigint];
/** (start, end, multiplicity) segments of a coverage function. */
type Coverage = PyTuple;

/** coverage: ranges → the offset → multiplicity step function, as (start, end, m) segments. */
export function coverage(ranges: readonly Range[]): Coverage {
  const pts = new Map<bigint, bigint>();
  for (const [s, e] of ranges) {
    if (e > s) {
      pts.set(s, (pts.get(s) ?? 0n) + 1n);
      pts.set(e, (pts.get(e) ?? 0n) - 1n);
    }
  }
  const segs: [bigint, bigint, bigint][] = [];
  let cur = 0n;
  let last: bigint | null = null;
  for (const x of [...pts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (cur > 0n && last !== null && x > last) {
      const prev = segs[segs.length - 1];
      if (prev && prev[1] === last && prev[2] === cur) prev[1] = x;
      else segs.push([last, x, cur]);
    }
    cur += pts.get(x) as bigint;
    last = x;
  }
  return tup(...segs.map((s) => tup(...s)));
}

/** fmt_cov: `[0xS-0xE)` segments (`xM` when covered M times), `xN` for a count, `(none)` when absent. */
export function fmtCov(c: PyVal): string {
  if (c === null || c === undefined) return '(none)';
  if (typeof c === 'number' || typeof c === 'bigint' || typeof c === 'boolean') return `x${pyRepr(Number(c))}`;
  if (!(c instanceof PyTuple)) return pyRepr(c);
  const parts = c.items.map((seg) => {
    // (coverage, "+unranged") of a loose key has no segment shape; Python would fail here.
    if (!(seg instanceof PyTuple) || seg.items.length !== 3) return pyRepr(seg);
    const [s, e, m] = seg.items as [bigint, bigint, bigint];
    return `[0x${s.toString(16)}-0x${e.toString(16)})${m === 1n ? '' : 'x' + m.toString()}`;
  });
  return parts.join(' ') || '(empty)';
}

function sortedItems(m: Map<string, PyVal>): PyTuple[] {
  return [...m.keys()].sort(comparePyStrings).map((k) => tup(k, m.get(k)));
}

/** window_key: (key, covered range or null, loose). The range fields leave the key. */
function windowKey(
  e: RawEvent,
  lg: Map<string, PyVal>,
  ph: Map<string, PyVal>,
  tier: 2 | 3,
): [PyTuple, Range | null, boolean] {
  const ev = e.event ?? null;
  const f = new Map(lg);
  let rng: Range | null = null;
  if (ev !== null && REVALIDATE_EVENTS.has(ev)) {
    // Unreachable today (racy events are filtered before windows) but kept as in compare_engine.py.
    const s = pyToInt(f.get('pos'));
    const n = pyToInt(f.get('bytecount'));
    let items: PyVal[] = ['xfs_*iomap_invalid', tup('ino', f.get('ino'))];
    if (tier === 3) {
      const a = pyToInt(ph.get('addr'));
      items = [...items, tup('phys', tup('addr-pos', a !== null && s !== null ? a - s : ph.get('addr')))];
    }
    return [new PyTuple(items), s !== null && n !== null ? [s, s + n] : null, true];
  }
  if (ev === 'xfs_map_blocks_found') {
    let items: PyVal[] = [ev, ...['ino', 'fork', 'startoff', 'fsbcount'].map((k) => tup(k, f.get(k)))];
    if (tier === 3) items = [...items, tup('phys', ...sortedItems(ph))];
    return [new PyTuple(items), null, true];
  }
  const pos = pyToInt(f.get('pos'));
  const bytecount = pyToInt(f.get('bytecount'));
  const fileoff = pyToInt(f.get('fileoff'));
  const fsbcount = pyToInt(f.get('fsbcount'));
  if (f.has('pos') && f.has('bytecount') && pos !== null && bytecount !== null) {
    f.delete('pos');
    f.delete('bytecount');
    rng = [pos, pos + bytecount];
  } else if (f.has('fileoff') && f.has('fsbcount') && fileoff !== null && fsbcount !== null) {
    f.delete('fileoff');
    f.delete('fsbcount');
    rng = [fileoff, fileoff + fsbcount];
    const sb = pyToInt(ph.get('startblock'));
    if (tier === 3 && ph.has('startblock') && sb !== null) {
      // merged remaps still match: the key holds the physical-minus-logical offset
      ph = new Map(ph);
      ph.delete('startblock');
      ph.set('startblock-fileoff', sb - fileoff);
    }
  }
  for (const k of TIMING_FIELDS) f.delete(k);
  let items: PyVal[] = [ev, ...sortedItems(f)];
  if (tier === 3) items = [...items, tup('phys', ...sortedItems(ph))];
  return [new PyTuple(items), rng, false];
}

/** One completion-side event, with the window (number of anchors before it) it belongs to. */
export interface CompletionItem {
  win: number;
  e: RawEvent;
  lg: Map<string, PyVal>;
  ph: Map<string, PyVal>;
}

/** A window: key repr → key and its value (coverage tuple, or count for events without a range). */
export type Window = Map<string, { key: PyTuple; value: PyVal }>;

/** build_windows: {window: {key: coverage or count}}. */
export function buildWindows(items: readonly CompletionItem[], tier: 2 | 3): Map<number, Window> {
  const wins = new Map<number, Map<string, { key: PyTuple; count: number; ranges: Range[] | null }>>();
  const loose = new Set<string>();
  for (const { win, e, lg, ph } of items) {
    const [key, rng, lz] = windowKey(e, lg, ph, tier);
    const repr = pyRepr(key);
    let d = wins.get(win);
    if (!d) wins.set(win, (d = new Map()));
    if (lz) loose.add(repr);
    let v = d.get(repr);
    if (rng === null) {
      if (!v) d.set(repr, (v = { key, count: 0, ranges: null }));
      v.count += 1;
    } else {
      if (!v) d.set(repr, (v = { key, count: 0, ranges: [] }));
      (v.ranges ??= []).push(rng);
    }
  }
  const out = new Map<number, Window>();
  for (const [w, d] of wins) {
    const o: Window = new Map();
    for (const [repr, v] of d) {
      let value: PyVal;
      if (loose.has(repr)) {
        // set semantics: multiplicity ignored
        value =
          v.ranges !== null
            ? coverage((coverage(v.ranges).items as PyTuple[]).map((s) => [s.items[0], s.items[1]] as Range))
            : 1;
        if (v.ranges !== null && v.count) value = tup(value, '+unranged');
      } else {
        value = v.ranges !== null ? coverage(v.ranges) : v.count;
      }
      o.set(repr, { key: v.key, value });
    }
    out.set(w, o);
  }
  return out;
}

/** Python `dict == dict` for two windows (values compared by repr: tuples of ints or counts). */
export function windowsEqual(x: Window | undefined, y: Window | undefined): boolean {
  const a = x ?? new Map();
  const b = y ?? new Map();
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || pyRepr(v.value) !== pyRepr(w.value)) return false;
  }
  return true;
}
