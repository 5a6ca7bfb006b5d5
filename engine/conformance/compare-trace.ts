/**
 * The `trace` part of the comparison (compare_engine.py: prep_trace, compare_trace): the strict
 * sequence of anchor and other non-completion events compared one by one (logical fields at T2,
 * physical ones at T3), completion-side events compared per window as coverage.
 */
import { buildWindows, type CompletionItem, fmtCov, windowsEqual } from './completion-windows.js';
import type { TierDiffs } from './compare-states.js';
import { comparePyStrings, PyTuple, pyRepr, pySlice, pyStr, pyEq, type PyVal, tup } from './py-values.js';
import { SequenceMatcher } from './sequence-matcher.js';
import { classify, fmtEv, InoCanon, RACY_EVENTS, type RawEvent, splitFields } from './trace-events.js';

/** One event of the strict sequence: its index in the whole trace, the event, logical and physical fields. */
interface SeqItem {
  index: number;
  e: RawEvent;
  lg: Map<string, PyVal>;
  ph: Map<string, PyVal>;
}

interface Prepared {
  seq: SeqItem[];
  comp: CompletionItem[];
  /** window number → where it starts, for messages */
  boundary: Map<number, string>;
}

/** prep_trace: filter (enabled, not racy, no repeated map_blocks_alloc in a window), split, classify. */
function prepTrace(rec: Record<string, PyVal>, allowed: Set<string> | null): Prepared {
  const canon = new InoCanon();
  const seq: SeqItem[] = [];
  const comp: CompletionItem[] = [];
  let nb = 0;
  const boundary = new Map<number, string>([[0, 'trace start']]);
  const seenAlloc = new Set<string>();
  const trace = Array.isArray(rec['trace']) ? (rec['trace'] as readonly RawEvent[]) : [];
  trace.forEach((e, i) => {
    const ev = e.event ?? null;
    if ((allowed !== null && !(ev !== null && allowed.has(ev))) || (ev !== null && RACY_EVENTS.has(ev))) return;
    if (ev === 'xfs_map_blocks_alloc') {
      // writeback re-mapping the same extent after a racing completion invalidated its cache
      const f = e.fields ?? {};
      const k = pyRepr(tup(nb, ...['ino', 'fork', 'startoff', 'fsbcount', 'startblock'].map((n) => f[n])));
      if (seenAlloc.has(k)) return;
      seenAlloc.add(k);
    }
    const [lg, ph] = splitFields(e, canon);
    const c = classify(e);
    if (c === 'C') {
      comp.push({ win: nb, e, lg, ph });
    } else {
      seq.push({ index: i, e, lg, ph });
      if (c === 'A') {
        nb += 1;
        boundary.set(nb, `after trace[${i}] ${pySlice(fmtEv(ev, lg), 90)}`);
      }
    }
  });
  return { seq, comp, boundary };
}

/** `(event, tuple(lg.items()))`: field order matters, as in the Python tuple. */
function strictKey(s: SeqItem): string {
  return pyRepr(tup(s.e.event ?? null, new PyTuple([...s.lg].map(([k, v]) => tup(k, v)))));
}

function describe(s: SeqItem | null): [string, string] {
  return s ? [String(s.index), fmtEv(s.e.event ?? null, s.lg)] : ['-', '<none>'];
}

function diffStrict(es: SeqItem[], as: SeqItem[], D: TierDiffs): number | null {
  const ka = es.map(strictKey);
  const kb = as.map(strictKey);
  if (ka.length === kb.length && ka.every((k, i) => k === kb[i])) return null;
  const m = Math.min(ka.length, kb.length);
  let first = 0;
  while (first < m && ka[first] === kb[first]) first++;
  const lo = first;
  let n = 0;
  const sm = new SequenceMatcher(ka.slice(lo, lo + 3000), kb.slice(lo, lo + 3000));
  for (const { tag, i1, i2, j1, j2 } of sm.getOpcodes()) {
    if (tag === 'equal') continue;
    for (let k = 0; k < Math.max(i2 - i1, j2 - j1); k++) {
      const [xi, xs] = describe(i1 + k < i2 ? es[lo + i1 + k] : null);
      const [yi, ys] = describe(j1 + k < j2 ? as[lo + j1 + k] : null);
      D[2].push(`trace seq: expected trace[${xi}] ${xs} | actual trace[${yi}] ${ys}`);
      n += 1;
      if (n >= 20) break;
    }
    if (n >= 20) break;
  }
  D[2].push(
    `trace seq: ${ka.length} vs ${kb.length} non-completion events, first difference at expected ` +
      `trace[${first < es.length ? es[first].index : 'end'}]`,
  );
  return first;
}

/** compare_trace: strict sequence (T2), its physical fields up to the first difference (T3), windows. */
export function compareTrace(E: Record<string, PyVal>, A: Record<string, PyVal>, D: TierDiffs): void {
  const enabled = E['events_enabled'];
  const allowed = Array.isArray(enabled) ? new Set((enabled as readonly PyVal[]).map((x) => x as string)) : null;
  const pe = prepTrace(E, allowed);
  const pa = prepTrace(A, allowed);
  const first = diffStrict(pe.seq, pa.seq, D);
  const upto = first ?? pe.seq.length;
  for (let i = 0; i < upto; i++) {
    const x = pe.seq[i];
    const y = pa.seq[i];
    if (!pyEq(x.ph, y.ph)) {
      // dict equality: key order ignored
      D[3].push(
        `trace[${x.index}] ${pyStr(x.e.event ?? null)}: physical fields expected ${pyRepr(x.ph)}, actual ${pyRepr(y.ph)}`,
      );
    }
  }
  const w2e = buildWindows(pe.comp, 2);
  const w2a = buildWindows(pa.comp, 2);
  const w3e = buildWindows(pe.comp, 3);
  const w3a = buildWindows(pa.comp, 3);
  const wins = [...new Set([...w2e.keys(), ...w2a.keys()])].sort((a, b) => a - b);
  for (const w of wins) {
    const x = w2e.get(w) ?? new Map();
    const y = w2a.get(w) ?? new Map();
    const where = `completion window ${w} (${pe.boundary.get(w) ?? pa.boundary.get(w) ?? '?'})`;
    if (!windowsEqual(x, y)) {
      for (const k of [...new Set([...x.keys(), ...y.keys()])].sort(comparePyStrings)) {
        const vx = x.get(k);
        const vy = y.get(k);
        if (pyRepr(vx?.value) === pyRepr(vy?.value)) continue;
        const key = (vx ?? vy)!.key.items;
        D[2].push(`${where}: ${fmtEv(key[0], pairs(key.slice(1)))}: expected ${fmtCov(vx?.value)}, actual ${fmtCov(vy?.value)}`);
      }
    } else if (!windowsEqual(w3e.get(w), w3a.get(w))) {
      const x3 = w3e.get(w) ?? new Map();
      const y3 = w3a.get(w) ?? new Map();
      for (const k of [...new Set([...x3.keys(), ...y3.keys()])].sort(comparePyStrings)) {
        const vx = x3.get(k);
        const vy = y3.get(k);
        if (pyRepr(vx?.value) === pyRepr(vy?.value)) continue;
        const key = (vx ?? vy)!.key.items;
        const phys = new Map(pairs((key[key.length - 1] as PyTuple).items.slice(1)));
        D[3].push(
          `${where}: ${fmtEv(key[0], pairs(key.slice(1, -1)))} ${pyRepr(phys)}: ` +
            `expected ${fmtCov(vx?.value)}, actual ${fmtCov(vy?.value)}`,
        );
      }
    }
  }
}

/** `dict(k[1:])` of a key: its (name, value) pairs (later duplicates win, as in dict()). */
function pairs(items: readonly PyVal[]): [string, PyVal][] {
  const m = new Map<string, PyVal>();
  for (const it of items) {
    const [k, v] = (it as PyTuple).items;
    m.set(k as string, v);
  }
  return [...m];
}
