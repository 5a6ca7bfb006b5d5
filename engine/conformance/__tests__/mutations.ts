/**
 * Hand-made mutations of real recordings, each with the tiers it must fail. Used by compare.test.ts
 * (the TypeScript comparator catches each at the right tier) and by scripts/make-compare-fixtures.ts
 * (the Python comparator's verdicts on the same pairs, stored as fixtures).
 */
import type { OracleJson, OracleState, OracleTraceEvent } from '../oracle-json.js';
import { classify, RACY_EVENTS, SPECIAL_MIN } from '../trace-events.js';

/** Verdicts a mutation must produce: [t1, t2, t3]. */
export type Tiers = [boolean, boolean, boolean];

/** One mutation: builds (expected, actual) from a recording, or null where it does not apply. */
export interface Mutation {
  name: string;
  description: string;
  tiers: Tiers;
  apply(rec: OracleJson): { expected: OracleJson; actual: OracleJson } | null;
}

const PASS: Tiers = [true, true, true];
const T3_ONLY: Tiers = [true, true, false];
const T2_FAIL: Tiers = [true, false, false];
const T1_FAIL: Tiers = [false, false, false];
const BMAPLINE = /^\s*\d+: \[\d+\.\.\d+\]:/;

function clone(rec: OracleJson): OracleJson {
  return structuredClone(rec);
}

/** A mutation of ACTUAL only: `edit` returns false when the recording has nothing to mutate. */
function onActual(name: string, description: string, tiers: Tiers, edit: (a: OracleJson) => boolean): Mutation {
  return {
    name,
    description,
    tiers,
    apply(rec) {
      const actual = clone(rec);
      return edit(actual) ? { expected: rec, actual } : null;
    },
  };
}

function enabled(rec: OracleJson, e: OracleTraceEvent): boolean {
  return !rec.events_enabled || rec.events_enabled.includes(e.event);
}

/** Index of the first compared strict-sequence event matching `pred`, or -1. */
function findStrict(rec: OracleJson, pred: (e: OracleTraceEvent) => boolean): number {
  return rec.trace.findIndex((e) => enabled(rec, e) && !RACY_EVENTS.has(e.event) && classify(e) !== 'C' && pred(e));
}

/** Index of the first compared completion-side event with a byte range, or -1. */
function findRangedCompletion(rec: OracleJson): number {
  // Not a flusher's xfs_map_blocks_alloc (kworker, so completion-side): a repeat of the same extent in
  // a window is dropped by rule, so splitting one is not a change that keeps the covered range.
  return rec.trace.findIndex(
    (e) => enabled(rec, e) && classify(e) === 'C' && e.event !== 'xfs_map_blocks_alloc' &&
      e.fields.pos !== undefined && e.fields.bytecount !== undefined,
  );
}

function firstFile(st: OracleState | undefined): string | undefined {
  return st ? Object.keys(st.files).sort()[0] : undefined;
}

function hex(n: bigint): string {
  return '0x' + n.toString(16);
}

/** A physical startblock (below the delalloc/hole encodings). */
function isPhysicalStartblock(v: string | undefined): boolean {
  return v !== undefined && BigInt(v) < SPECIAL_MIN;
}

/** Window index (anchors seen before) of each trace position. */
function windowOf(rec: OracleJson): number[] {
  let nb = 0;
  return rec.trace.map((e) => {
    const w = nb;
    if (enabled(rec, e) && !RACY_EVENTS.has(e.event) && classify(e) === 'A') nb++;
    return w;
  });
}

/** Splits trace[i] (a ranged completion) into two halves, emitted in `order`. */
function splitCompletion(a: OracleJson, i: number, reverse: boolean): boolean {
  const e = a.trace[i];
  const pos = BigInt(e.fields.pos);
  const len = BigInt(e.fields.bytecount);
  if (len < 2n) return false;
  const half = (len / 2n / 512n) * 512n || len / 2n;
  const lo = { ...e, fields: { ...e.fields, bytecount: hex(half) } };
  const hi = { ...e, fields: { ...e.fields, pos: hex(pos + half), bytecount: hex(len - half) } };
  a.trace.splice(i, 1, ...(reverse ? [hi, lo] : [lo, hi]));
  return true;
}

/** The mutation catalogue. */
export const MUTATIONS: Mutation[] = [
  onActual('identity', 'the recording compared with itself', PASS, () => true),
  onActual('output-line-changed', 'one non-bmap output line changed', T1_FAIL, (a) => {
    const i = a.output.findIndex((l) => !BMAPLINE.test(l));
    if (i < 0) return false;
    a.output[i] += ' (changed)';
    return true;
  }),
  onActual('output-all-changed', 'every output line changed (message limit)', T1_FAIL, (a) => {
    if (a.output.length === 0) return false;
    a.output = a.output.map((l, i) => `${l} #${i}`);
    return true;
  }),
  onActual('output-timing-line', 'an xfs_io timing line and trailing blanks added', PASS, (a) => {
    a.output.splice(0, 0, '4 KiB, 1 ops; 0.0001 sec (39.062 MiB/sec and 10000.0000 ops/sec)');
    a.output = a.output.map((l) => l + '  ');
    return true;
  }),
  onActual('bmap-physical-changed', 'BLOCK-RANGE of a mapped bmap line changed', T3_ONLY, (a) => {
    const i = a.output.findIndex((l) => BMAPLINE.test(l) && /\]:\s+\d+\.\.\d+/.test(l));
    if (i < 0) return false;
    a.output[i] = a.output[i].replace(/(\]:\s+)(\d+)\.\./, (_m, p: string, b: string) => `${p}${Number(b) + 4096}..`);
    return true;
  }),
  onActual('bmap-logical-changed', 'a delalloc bmap line printed as a hole', T2_FAIL, (a) => {
    const i = a.output.findIndex((l) => BMAPLINE.test(l) && l.includes('delalloc'));
    if (i < 0) return false;
    a.output[i] = a.output[i].replace('delalloc', 'hole    ');
    return true;
  }),
  onActual('body-rc-changed', 'exit status of the body changed', T1_FAIL, (a) => {
    a.body_rc += 1;
    return true;
  }),
  onActual('md5-changed', 'md5 of a file in state.final changed', T1_FAIL, (a) => {
    const f = firstFile(a.state.final);
    if (!f || !a.state.final) return false;
    a.state.final.files[f].md5 = '0'.repeat(32);
    return true;
  }),
  onActual('extra-file', 'an extra file in state.final', T1_FAIL, (a) => {
    const f = firstFile(a.state.final);
    if (!f || !a.state.final) return false;
    a.state.final.files[f + '.extra'] = structuredClone(a.state.final.files[f]);
    return true;
  }),
  onActual('st-blocks-changed', 'st_blocks of a file in state.final changed', T2_FAIL, (a) => {
    const f = firstFile(a.state.final);
    if (!f || !a.state.final) return false;
    a.state.final.files[f].st_blocks += 8;
    return true;
  }),
  onActual('size-after-sync-changed', 'size of a file in state.after_sync changed', T2_FAIL, (a) => {
    const f = firstFile(a.state.after_sync);
    if (!f || !a.state.after_sync) return false;
    a.state.after_sync.files[f].size += 1;
    return true;
  }),
  onActual('file-missing-after-remount', 'a file missing from state.after_remount', T2_FAIL, (a) => {
    const f = firstFile(a.state.after_remount);
    if (!f || !a.state.after_remount) return false;
    delete a.state.after_remount.files[f];
    return true;
  }),
  onActual('state-missing', 'state.after_remount missing', T2_FAIL, (a) => {
    if (!a.state.after_remount) return false;
    delete a.state.after_remount;
    return true;
  }),
  onActual('data-fork-kind-changed', 'a written extent reported unwritten', T2_FAIL, (a) => {
    const f = firstFile(a.state.after_sync);
    const x = f ? a.state.after_sync?.files[f].data_fork?.find((e) => e.kind === 'written') : undefined;
    if (!x) return false;
    x.kind = 'unwritten';
    return true;
  }),
  onActual('data-fork-error', 'GETBMAPX failed instead of listing the fork', T2_FAIL, (a) => {
    const f = firstFile(a.state.final);
    if (!f || !a.state.final) return false;
    delete a.state.final.files[f].data_fork;
    a.state.final.files[f].data_fork_error = 'EINVAL';
    return true;
  }),
  onActual('data-fork-split', 'an extent split into two physically adjacent extents of the same kind', T3_ONLY, (a) => {
    for (const st of [a.state.final, a.state.after_sync, a.state.after_remount]) {
      for (const file of Object.values(st?.files ?? {})) {
        const fork = file.data_fork ?? [];
        const i = fork.findIndex((e) => (e.kind === 'written' || e.kind === 'unwritten') && e.length_bb >= 16);
        if (i < 0) continue;
        const e = fork[i];
        const head = Math.floor(e.length_bb / 16) * 8;
        fork.splice(i, 1, { ...e, length_bb: head }, {
          ...e,
          offset_bb: e.offset_bb + head,
          block_bb: e.block_bb + head,
          length_bb: e.length_bb - head,
        });
        return true;
      }
    }
    return false;
  }),
  onActual('f-bavail-changed', 'statfs f_bavail of state.final changed', T3_ONLY, (a) => {
    const s = a.state.final?.statfs;
    if (!s || s['statfs.f_bavail'] === undefined) return false;
    s['statfs.f_bavail'] -= 1;
    return true;
  }),
  onActual('initial-f-bavail-changed', 'statfs f_bavail of state.initial changed', T3_ONLY, (a) => {
    const s = a.state.initial?.statfs;
    if (!s || s['statfs.f_bavail'] === undefined) return false;
    s['statfs.f_bavail'] += 1;
    return true;
  }),
  onActual('trace-startblock-changed', 'physical startblock of a strict trace event changed', T3_ONLY, (a) => {
    const i = findStrict(a, (e) => isPhysicalStartblock(e.fields.startblock));
    if (i < 0) return false;
    a.trace[i].fields.startblock = hex(BigInt(a.trace[i].fields.startblock) + 0x100n);
    return true;
  }),
  onActual('delalloc-startblock-changed', 'a delalloc startblock encoding (indlen) changed', T2_FAIL, (a) => {
    const i = findStrict(a, (e) => e.fields.startblock !== undefined && !isPhysicalStartblock(e.fields.startblock));
    if (i < 0) return false;
    a.trace[i].fields.startblock = hex(BigInt(a.trace[i].fields.startblock) + 1n);
    return true;
  }),
  onActual('iomap-alloc-removed', 'the first xfs_iomap_alloc removed', T2_FAIL, (a) => {
    const i = findStrict(a, (e) => e.event === 'xfs_iomap_alloc');
    if (i < 0) return false;
    a.trace.splice(i, 1);
    return true;
  }),
  onActual('event-field-changed', 'fsbcount of a strict event changed', T2_FAIL, (a) => {
    const i = findStrict(a, (e) => e.fields.fsbcount !== undefined);
    if (i < 0) return false;
    a.trace[i].fields.fsbcount = hex(BigInt(a.trace[i].fields.fsbcount) + 1n);
    return true;
  }),
  onActual('field-order-changed', 'the fields of a strict event printed in another order', T2_FAIL, (a) => {
    const i = findStrict(a, (e) => Object.keys(e.fields).filter((k) => k !== 'disize').length >= 2);
    if (i < 0) return false;
    a.trace[i].fields = Object.fromEntries(Object.entries(a.trace[i].fields).reverse());
    return true;
  }),
  onActual('disize-changed', 'disize (racy, set at completion) changed everywhere', PASS, (a) => {
    let n = 0;
    for (const e of a.trace) {
      if (e.fields.disize === undefined) continue;
      e.fields.disize = '0x1234';
      n++;
    }
    return n > 0;
  }),
  onActual('trace-truncated', 'the second half of the trace missing', T2_FAIL, (a) => {
    if (a.trace.length < 2) return false;
    a.trace.splice(Math.floor(a.trace.length / 2));
    return true;
  }),
  onActual('not-enabled-event-added', 'an event the recording did not enable, added to actual', PASS, (a) => {
    a.trace.splice(0, 0, { event: 'xfs_lab_unknown_event', ctx: 'xfs_io', fields: { ino: 'x' } });
    return true;
  }),
  onActual('strict-event-as-kworker', 'a strict event fired from kworker (becomes completion-side)', T2_FAIL, (a) => {
    const i = findStrict(a, (e) => classify(e) === 'S');
    if (i < 0) return false;
    a.trace[i].ctx = 'kworker';
    return true;
  }),
  onActual('racy-dropped', 'racy events (xfs_map_blocks_found, *_iomap_invalid) dropped', PASS, (a) => {
    const n = a.trace.length;
    a.trace = a.trace.filter((e) => !RACY_EVENTS.has(e.event));
    return a.trace.length < n;
  }),
  onActual('map-blocks-alloc-repeated', 'an xfs_map_blocks_alloc repeated right after itself', PASS, (a) => {
    const i = a.trace.findIndex((e) => e.event === 'xfs_map_blocks_alloc' && enabled(a, e));
    if (i < 0) return false;
    a.trace.splice(i + 1, 0, structuredClone(a.trace[i]));
    return true;
  }),
  onActual('completion-reordered', 'completion events of one window in another order', PASS, (a) => {
    const win = windowOf(a);
    const comp = a.trace.map((e, i) => i).filter((i) => enabled(a, a.trace[i]) && classify(a.trace[i]) === 'C');
    for (let x = 0; x + 1 < comp.length; x++) {
      const [i, j] = [comp[x], comp[x + 1]];
      if (win[i] === win[j]) {
        [a.trace[i], a.trace[j]] = [a.trace[j], a.trace[i]];
        return true;
      }
    }
    const i = findRangedCompletion(a);
    return i >= 0 && splitCompletion(a, i, true);
  }),
  onActual('completion-split', 'a completion split in two covering the same range', PASS, (a) => {
    const i = findRangedCompletion(a);
    return i >= 0 && splitCompletion(a, i, false);
  }),
  onActual('completion-range-changed', 'a completion covering one more byte range', T2_FAIL, (a) => {
    const i = findRangedCompletion(a);
    if (i < 0) return false;
    a.trace[i].fields.bytecount = hex(BigInt(a.trace[i].fields.bytecount) + 0x1000n);
    return true;
  }),
  onActual('completion-moved-window', 'a completion moved before the anchor that precedes it', T2_FAIL, (a) => {
    const i = findRangedCompletion(a);
    const win = windowOf(a);
    if (i < 0 || win[i] === 0) return false;
    let j = i;
    while (j > 0 && win[j - 1] === win[i]) j--;
    const [e] = a.trace.splice(i, 1);
    a.trace.splice(j - 1, 0, e);
    return true;
  }),
  onActual('completion-startblock-changed', 'physical startblock of a completion-side remap changed', T3_ONLY, (a) => {
    const i = a.trace.findIndex(
      (e) => enabled(a, e) && classify(e) === 'C' && isPhysicalStartblock(e.fields.startblock) && e.fields.fileoff !== undefined,
    );
    if (i < 0) return false;
    a.trace[i].fields.startblock = hex(BigInt(a.trace[i].fields.startblock) + 0x10n);
    return true;
  }),
  {
    name: 'ino-renamed',
    description: 'the traced inode is unknown (ino#N) on both sides, with different numbers',
    tiers: T3_ONLY,
    apply(rec) {
      const path = rec.trace.find((e) => e.fields.ino !== undefined)?.fields.ino;
      if (path === undefined) return null;
      const rename = (r: OracleJson, to: string): OracleJson => {
        const c = clone(r);
        for (const e of c.trace) if (e.fields.ino === path) e.fields.ino = to;
        return c;
      };
      return { expected: rename(rec, 'ino#131'), actual: rename(rec, 'ino#4242') };
    },
  },
];
