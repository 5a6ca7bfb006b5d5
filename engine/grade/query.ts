/**
 * Evaluating a query on a recorded run: a file's size or extent map at a point of the run, a
 * space counter, a field of the nth matching trace event or iomap decision, a number captured
 * from the output. The state at a point is rebuilt from the files before the script and the
 * per-step deltas of the run result.
 */
import type { FileView, SpaceView } from '../run/fs-state.js';
import { filterOutput } from '../run/oracle-json.js';
import type { FileQuery, OutputQuery, Query, SpaceQuery, StatePoint, TraceQuery } from './assignment-types.js';
import { asNumber, type Value } from './compare.js';
import type { ExtentSpec } from './extent-text.js';
import type { RunRecord } from './run-record.js';
import { commandSpan, describeMatcher, matchAll, ordinal, rangeSpan } from './trace-match.js';

/** A query's value, or why there is none. */
export type QueryResult = { value: Value } | { error: string };

/** The filesystem at a point of a run. */
export interface StateSnapshot {
  files: Map<string, FileView>;
  space: SpaceView | null;
  final: boolean;
}

const snapshots = new WeakMap<RunRecord, Map<string, StateSnapshot | { error: string }>>();

/** The files and space counters at `point` (cached per run). */
export function stateAt(rec: RunRecord, point: StatePoint | undefined): StateSnapshot | { error: string } {
  const key = JSON.stringify(point ?? 'final');
  let cache = snapshots.get(rec);
  if (!cache) snapshots.set(rec, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  let snap: StateSnapshot | { error: string };
  if (point === undefined || point === 'final') {
    snap = { files: new Map(rec.result.files.map((f) => [f.path, f])), space: rec.result.space, final: true };
  } else {
    const span = commandSpan(rec, point.afterCommand, point.nth);
    if ('error' in span) snap = span;
    else {
      const files = new Map(rec.initialFiles.map((f) => [f.path, f]));
      let space: SpaceView | null = null;
      for (const s of rec.result.steps.slice(0, span.last + 1)) {
        for (const p of s.removed) files.delete(p);
        for (const f of s.files) files.set(f.path, f);
        if (s.space) space = s.space;
      }
      snap = { files, space, final: false };
    }
  }
  cache.set(key, snap);
  return snap;
}

/** Evaluate a query on a run. `at` is the check's point, used when the query names none. */
export function evaluate(rec: RunRecord, q: Query, at?: StatePoint): QueryResult {
  if (isTraceQuery(q)) return traceValue(rec, q);
  if ('file' in q) return fileValue(rec, q, q.at ?? at);
  if ('space' in q) return spaceValue(rec, q, q.at ?? at);
  return outputValue(rec, q);
}

/** Trace queries may also name a `file` (the event's inode), so they are told apart by `event` / `iomap`. */
export function isTraceQuery(q: Query): q is TraceQuery {
  return 'event' in q || 'iomap' in q;
}

/** A short description of a query for reports: `size of a`, `fsbcount of the 2nd xfs_iomap_alloc`. */
export function describeQuery(q: Query): string {
  const where = (at: StatePoint | undefined) => (at && at !== 'final' ? ` after the ${ordinal(at.nth ?? 1)} command matching /${at.afterCommand}/` : '');
  if (isTraceQuery(q)) {
    const what = q.count ? 'number of' : `${q.field} of the ${ordinal(q.nth ?? 1)}`;
    return `${what} ${describeMatcher(q)}${q.within ? ` within /${q.within.command}/` : ''}`;
  }
  if ('file' in q) {
    const fork = q.fork === 'cow' ? 'CoW-fork ' : '';
    const kind = q.extentKind ? `${q.extentKind} ` : '';
    return `${kind}${fork}${q.value} of ${q.file}${where(q.at)}`;
  }
  if ('space' in q) return `${q.space}${where(q.at)}`;
  return `output line matching /${q.output}/${q.nth && q.nth !== 1 ? ` (${ordinal(q.nth)})` : ''}`;
}

function fileValue(rec: RunRecord, q: FileQuery, at: StatePoint | undefined): QueryResult {
  const snap = stateAt(rec, at);
  if ('error' in snap) return snap;
  const f = snap.files.get(q.file);
  if (q.value === 'exists') return { value: !!f };
  if (!f) return { error: `there is no file "${q.file}"${snap.final ? ' at the end of the run' : ' at that point'}` };
  const fork = q.fork === 'cow' ? f.cowFork : f.dataFork;
  const exts = fork.filter((e) => !q.extentKind || e.kind === q.extentKind);
  const bs = rec.blocksize;
  switch (q.value) {
    case 'size':
      return { value: f.size };
    case 'diskSize':
      return { value: f.diskSize };
    case 'stBlocks':
      return { value: f.stBlocks };
    case 'md5': {
      if (!snap.final) return { error: 'md5 is only known at the end of the run' };
      const md5 = rec.md5(q.file);
      return md5 === undefined ? { error: `cannot read "${q.file}"` } : { value: md5 };
    }
    case 'extents':
      return { value: exts.map((e): ExtentSpec => ({ off: e.off, len: e.len, kind: e.kind, ...(e.shared ? { shared: true } : {}) })) };
    case 'extentCount':
      return { value: exts.length };
    case 'blocks':
      return { value: exts.reduce((s, e) => s + e.len, 0) };
    case 'sharedBlocks':
      return { value: exts.filter((e) => e.shared).reduce((s, e) => s + e.len, 0) };
    case 'postEofBlocks': {
      const eof = Math.ceil(f.size / bs);
      return { value: exts.reduce((s, e) => s + Math.max(0, e.off + e.len - Math.max(e.off, eof)), 0) };
    }
  }
}

function spaceValue(rec: RunRecord, q: SpaceQuery, at: StatePoint | undefined): QueryResult {
  const snap = stateAt(rec, at);
  if ('error' in snap) return snap;
  if (!snap.space) return { error: 'the filesystem is not mounted at that point' };
  const s = snap.space;
  const v = { freeBlocks: s.freeBlocks, fdblocks: s.fdblocks, delallocBlocks: s.delallocBlks, bavail: s.bavail }[q.space];
  return { value: v };
}

function outputValue(rec: RunRecord, q: OutputQuery): QueryResult {
  const re = new RegExp(q.output);
  const hits = filterOutput(rec.result.output).map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const nth = q.nth ?? 1;
  const m = nth > 0 ? hits[nth - 1] : hits[hits.length + nth];
  if (!m) return { error: `no output line matches /${q.output}/${nth !== 1 ? ` (wanted the ${ordinal(nth)}, ${hits.length} matched)` : ''}` };
  const text = m[1] ?? m[0];
  return { value: asNumber(text) ?? text };
}

function traceValue(rec: RunRecord, q: TraceQuery): QueryResult {
  const span = rangeSpan(rec, q.within);
  if ('error' in span) return span;
  const hits = matchAll(rec, q, span);
  if (q.count) return { value: hits.length };
  const nth = q.nth ?? 1;
  const h = nth > 0 ? hits[nth - 1] : hits[hits.length + nth];
  if (!h) return { error: `no ${describeMatcher(q)} ${nth !== 1 ? `(wanted the ${ordinal(nth)}, ${hits.length} matched)` : 'occurred'}` };
  const item = h.item as unknown as Record<string, unknown>;
  const fields = item.fields as Record<string, string> | undefined;
  const raw = fields ? (fields[q.field!] ?? (q.field === 'ctx' ? item.ctx : undefined)) : item[q.field!];
  if (raw === undefined) return { error: `${describeMatcher(q)} has no field "${q.field}"` };
  if (typeof raw === 'boolean' || typeof raw === 'number') return { value: raw };
  return { value: asNumber(raw) ?? String(raw) };
}
