/**
 * The `state` part of the comparison (compare_engine.py: fork_entries, fmt_map, compare_states):
 * file sets, sizes, md5 (T1); st_blocks and the coalesced logical data fork (T2); exact extent splits
 * with block_bb, and statfs f_bavail (T3).
 */
import { coalesce, type RangeEntry } from './compare-output.js';
import { dictOrEmpty, isDict, pyD, pyEq, pyRepr, pySorted, pyStr, pyTruthy, type PyVal } from './py-values.js';

/** Differences by the tier whose rule they break. */
export type TierDiffs = Record<1 | 2 | 3, string[]>;

/** The states compared after the body; `initial` only contributes f_bavail. */
export const STATES = ['final', 'after_sync', 'after_remount'] as const;

/** [offset_bb, end_bb, kind, shared, block_bb] */
type ForkEntry = [PyVal, PyVal, PyVal, boolean, PyVal];

/** fork_entries: the data fork as [start, end) entries, or null when there is no list (GETBMAPX error). */
function forkEntries(f: Record<string, PyVal>): ForkEntry[] | null {
  const fork = f['data_fork'];
  if (!Array.isArray(fork)) return null;
  return (fork as readonly PyVal[]).map((raw) => {
    const e = dictOrEmpty(raw);
    const off = e['offset_bb'] as number;
    return [off, off + (e['length_bb'] as number), e['kind'], pyTruthy(e['shared']), e['block_bb'] ?? null];
  });
}

/** fmt_map: `[off+len kind,shared @block]` per entry (the block only for 5-element entries). */
function fmtMap(m: readonly RangeEntry[]): string {
  const parts = m.map((e) => {
    const len = (e[1] as number) - (e[0] as number);
    return `[${pyD(e[0])}+${pyD(len)} ${pyStr(e[2])}${e[3] ? ',shared' : ''}${e.length > 4 ? ' @' + pyStr(e[4]) : ''}]`;
  });
  return parts.join(' ') || '(empty)';
}

function listEq(a: readonly RangeEntry[], b: readonly RangeEntry[]): boolean {
  return a.length === b.length && a.every((x, i) => x.length === b[i].length && x.every((v, j) => pyEq(v, b[i][j])));
}

/** Python's `set(a) - set(b)`, sorted. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const sb = new Set(b);
  return pySorted(a.filter((x) => !sb.has(x)));
}

function compareFile(st: string, name: string, x: Record<string, PyVal>, y: Record<string, PyVal>, D: TierDiffs): void {
  const t = st === 'final' ? 1 : 2;
  const p = `state.${st}.files[${name}]`;
  if (!pyEq(x['size'], y['size'])) D[t].push(`${p}.size: expected ${pyStr(x['size'])}, actual ${pyStr(y['size'])}`);
  if (st === 'final' && !pyEq(x['md5'], y['md5'])) {
    D[1].push(`${p}.md5: expected ${pyStr(x['md5'])}, actual ${pyStr(y['md5'])}`);
  }
  if (!pyEq(x['st_blocks'], y['st_blocks'])) {
    D[2].push(`${p}.st_blocks: expected ${pyStr(x['st_blocks'])}, actual ${pyStr(y['st_blocks'])}`);
  }
  const xe = forkEntries(x);
  const ye = forkEntries(y);
  if (xe === null || ye === null) {
    if ((xe === null) !== (ye === null) || !pyEq(x['data_fork_error'], y['data_fork_error'])) {
      const ex = xe !== null ? fmtMap(xe) : `error ${pyStr(x['data_fork_error'])}`;
      const ac = ye !== null ? fmtMap(ye) : `error ${pyStr(y['data_fork_error'])}`;
      D[2].push(`${p}.data_fork: expected ${ex}, actual ${ac}`);
    }
    return;
  }
  const logical = (m: ForkEntry[]): RangeEntry[] => coalesce(m.map((e) => e.slice(0, 4) as RangeEntry), pyEq);
  const xl = logical(xe);
  const yl = logical(ye);
  if (!listEq(xl, yl)) {
    D[2].push(`${p}.data_fork (logical, coalesced): expected ${fmtMap(xl)}, actual ${fmtMap(yl)}`);
  } else if (!listEq(xe, ye)) {
    D[3].push(`${p}.data_fork (extents+block_bb): expected ${fmtMap(xe)}, actual ${fmtMap(ye)}`);
  }
}

/** compare_states: per state, the file set and every common file; then statfs f_bavail (T3). */
export function compareStates(E: Record<string, PyVal>, A: Record<string, PyVal>, D: TierDiffs): void {
  const es = dictOrEmpty(E['state']);
  const as = dictOrEmpty(A['state']);
  for (const st of STATES) {
    const t = st === 'final' ? 1 : 2;
    const se = es[st];
    const sa = as[st];
    if (!isDict(se)) continue; // nothing to check against
    if (!isDict(sa)) {
      D[t].push(`state.${st} missing in actual`);
      continue;
    }
    const fe = dictOrEmpty(se['files']);
    const fa = dictOrEmpty(sa['files']);
    const ne = Object.keys(fe);
    const na = Object.keys(fa);
    const setA = new Set(na);
    if (ne.length !== na.length || ne.some((n) => !setA.has(n))) {
      D[t].push(
        `state.${st} file set: expected ${pyRepr(pySorted(ne))}, actual ${pyRepr(pySorted(na))} ` +
          `(missing ${pyRepr(minus(ne, na))}, extra ${pyRepr(minus(na, ne))})`,
      );
    }
    for (const name of pySorted(ne.filter((n) => setA.has(n)))) {
      compareFile(st, name, dictOrEmpty(fe[name]), dictOrEmpty(fa[name]), D);
    }
  }
  for (const st of ['initial', ...STATES]) {
    const se = es[st];
    const sa = as[st];
    if (!isDict(se) || (st === 'initial' && !isDict(sa))) continue;
    const x = dictOrEmpty(se['statfs'])['statfs.f_bavail'];
    const y = dictOrEmpty(dictOrEmpty(sa)['statfs'])['statfs.f_bavail'];
    if (!pyEq(x, y)) D[3].push(`state.${st}.statfs.f_bavail: expected ${pyStr(x)}, actual ${pyStr(y)}`);
  }
}
