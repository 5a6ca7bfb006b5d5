// RunResult → RunView: the engine's run made compact for IPC. Per-step full file views become deltas
// keyed by extent offset (the fork timeline replays them), space counters become columns, trace
// events are printed the way ftrace prints them. Values are copied, never recomputed.
import { STRERROR, formatTraceEvent, type Errno, type ExtentView, type RunResult } from '../../engine/index';
import type { FileChange, FileTrack, ForkDelta, RunView, SpaceTrack, StepView, TraceRow } from '../run-view-types';

function sameExtent(a: ExtentView, b: ExtentView): boolean {
  return a.off === b.off && a.len === b.len && a.kind === b.kind && a.block === b.block
    && a.indlen === b.indlen && !!a.shared === !!b.shared;
}

/** The delta that turns `prev` into `next` (both sorted by offset, disjoint); undefined when equal. */
export function diffFork(prev: readonly ExtentView[], next: readonly ExtentView[]): ForkDelta | undefined {
  const remove: number[] = [];
  const add: ExtentView[] = [];
  let i = 0;
  let j = 0;
  while (i < prev.length || j < next.length) {
    const a = prev[i];
    const b = next[j];
    if (b === undefined || (a !== undefined && a.off < b.off)) {
      remove.push(a.off);
      i++;
    } else if (a === undefined || b.off < a.off) {
      add.push(b);
      j++;
    } else {
      if (!sameExtent(a, b)) {
        remove.push(a.off);
        add.push(b);
      }
      i++;
      j++;
    }
  }
  return remove.length || add.length ? { remove, add } : undefined;
}

const ERRNO_TEXT = Object.entries(STRERROR) as [Errno, string][];

/** The errno a step's output reports (`pwrite: No space left on device`), if any. */
export function failureOf(output: string): string | undefined {
  if (!output) return undefined;
  for (const [code, text] of ERRNO_TEXT) if (output.includes(`: ${text}`)) return code;
  return undefined;
}

/** Two changes of one step as one (the second applied after the first). */
function mergeChange(a: FileChange, b: FileChange): FileChange {
  const join = (x?: ForkDelta, y?: ForkDelta): ForkDelta | undefined => {
    if (!x) return y;
    if (!y) return x;
    // Extents y removes that x added are dropped from x's adds; the rest is the union.
    const gone = new Set(y.remove);
    return { remove: [...x.remove, ...y.remove.filter((o) => !x.add.some((e) => e.off === o))], add: [...x.add.filter((e) => !gone.has(e.off)), ...y.add] };
  };
  const out: FileChange = { ...b };
  const data = join(a.data, b.data);
  const cow = join(a.cow, b.cow);
  if (data) out.data = data;
  if (cow) out.cow = cow;
  return out;
}

/** Build the RunView of a run. */
export function buildRunView(runId: string, res: Omit<RunResult, 'machine'>, timing: RunView['timing']): RunView {
  const steps: StepView[] = [];
  const tracks = new Map<string, FileTrack>();
  const last = new Map<string, { data: ExtentView[]; cow: ExtentView[] }>();
  const first = res.steps.find((s) => s.space)?.space ?? res.space;
  const space: SpaceTrack | null = first
    ? {
        blocksize: first.blocksize, dblocks: first.dblocks, agcount: first.agcount, agblocks: first.agblocks,
        fdblocks: [], freeBlocks: [], delallocBlks: [], setAside: [], resAvail: [], bavail: [], dirtyBlocks: [], busyBlocks: [], clock: [], agFree: [],
      }
    : null;
  let lastAgFree = '';
  let outPos = 0;

  for (const s of res.steps) {
    const start = outPos;
    outPos += s.output.length;
    const step: StepView = {
      kind: s.kind, label: s.label, line: s.line, col: s.col, endLine: s.endLine,
      out: [start, outPos], ev: [s.events[0], s.events[1]], iomap: s.iomap,
    };
    const fail = failureOf(s.output);
    if (fail) step.fail = fail;
    steps.push(step);

    for (const f of s.files) {
      let track = tracks.get(f.path);
      if (!track) tracks.set(f.path, (track = { path: f.path, ino: f.ino, changes: [] }));
      track.ino = f.ino;
      const prev = last.get(f.path) ?? { data: [], cow: [] };
      const change: FileTrack['changes'][number] = { step: s.index, size: f.size, diskSize: f.diskSize, stBlocks: f.stBlocks, iflags: f.iflags };
      const data = diffFork(prev.data, f.dataFork);
      const cow = diffFork(prev.cow, f.cowFork);
      if (data) change.data = data;
      if (cow) change.cow = cow;
      track.changes.push(change);
      last.set(f.path, { data: f.dataFork, cow: f.cowFork });
    }
    for (const path of s.removed) {
      const track = tracks.get(path);
      const prev = last.get(path);
      if (!track || !prev) continue;
      track.changes.push({
        step: s.index, size: 0, diskSize: 0, stBlocks: 0, iflags: 0, removed: true,
        data: { remove: prev.data.map((e) => e.off), add: [] }, cow: { remove: prev.cow.map((e) => e.off), add: [] },
      });
      last.delete(path);
    }

    if (space) {
      const v = s.space;
      space.fdblocks.push(v ? v.fdblocks : -1);
      space.freeBlocks.push(v ? v.freeBlocks : -1);
      space.delallocBlks.push(v ? v.delallocBlks : -1);
      space.setAside.push(v ? v.setAside : -1);
      space.resAvail.push(v ? v.resAvail : -1);
      space.bavail.push(v ? v.bavail : -1);
      space.dirtyBlocks.push(v ? v.dirtyBlocks : -1);
      space.busyBlocks.push(v ? v.busyBlocks : -1);
      space.clock.push(v ? v.clockUs / 1e6 : -1);
      if (v) {
        const key = v.agFree.join(',');
        if (key !== lastAgFree) {
          space.agFree.push([s.index, v.agFree]);
          lastAgFree = key;
        }
      }
    }
  }

  // The engine records a file in a step only when its own inode changed; a change of sharing made
  // through another file (rm of a reflink source) is missed. The final state is authoritative:
  // reconcile with it at the last step, so the timeline's end always equals the engine's end.
  const lastStep = res.steps.length - 1;
  if (lastStep >= 0) {
    for (const f of res.files) {
      const prev = last.get(f.path);
      if (!prev) continue;
      const data = diffFork(prev.data, f.dataFork);
      const cow = diffFork(prev.cow, f.cowFork);
      if (!data && !cow) continue;
      const track = tracks.get(f.path)!;
      const tail = track.changes[track.changes.length - 1];
      const change: FileTrack['changes'][number] = { step: lastStep, size: f.size, diskSize: f.diskSize, stBlocks: f.stBlocks, iflags: f.iflags };
      if (data) change.data = data;
      if (cow) change.cow = cow;
      if (tail.step === lastStep) track.changes.pop();
      track.changes.push(tail.step === lastStep ? mergeChange(tail, change) : change);
    }
  }

  const trace: TraceRow[] = res.trace.map((e) => {
    const ino = e.fields['ino'];
    return { step: e.step, event: e.event, ino: ino ? parseInt(ino, 16) : null, text: formatTraceEvent(e).trimStart() };
  });

  return {
    runId, output: res.output, exitCode: res.exitCode, error: res.error, limitExceeded: res.limitExceeded,
    blocksize: first?.blocksize ?? 4096, steps, files: [...tracks.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    space, trace, timing,
  };
}
