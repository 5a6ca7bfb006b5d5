// Replays the run's per-step file deltas (RunView.files) so that the state of any file at any step
// is cheap to get: keyframes of each fork are kept whenever the deltas since the last one outgrow the
// fork, so rebuilding a step costs O(fork size) whatever its distance from the start, and building
// the index costs O(total deltas). This is replay of the engine's own states, not re-derivation.
import type { ExtentView, FileTrack, ForkDelta } from '../../main/run-view-types';

/** A file as it stands at one step. */
export interface FileAt {
  path: string;
  ino: number;
  size: number;
  diskSize: number;
  stBlocks: number;
  iflags: number;
  data: readonly ExtentView[];
  cow: readonly ExtentView[];
  /** The step of the file's last change at or before the asked step. */
  changedAt: number;
}

/** Apply deltas in order to a sorted extent list; returns a new list (the base is not modified). */
export function applyDeltas(base: readonly ExtentView[], deltas: readonly ForkDelta[]): readonly ExtentView[] {
  if (deltas.length === 0) return base;
  const upd = new Map<number, ExtentView | null>();
  for (const d of deltas) {
    for (const off of d.remove) upd.set(off, null);
    for (const e of d.add) upd.set(e.off, e);
  }
  const adds: ExtentView[] = [];
  for (const v of upd.values()) if (v) adds.push(v);
  adds.sort((a, b) => a.off - b.off);
  const out: ExtentView[] = [];
  let j = 0;
  for (const e of base) {
    if (upd.has(e.off)) continue;
    while (j < adds.length && adds[j].off < e.off) out.push(adds[j++]);
    out.push(e);
  }
  while (j < adds.length) out.push(adds[j++]);
  return out;
}

/** Index of the last element of sorted `arr` that is <= x, or -1. */
export function lastAtOrBefore(arr: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = arr.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

const EMPTY: readonly ExtentView[] = [];

class ForkReplay {
  /** Change indices (into the file's changes) that touch this fork, and their deltas. */
  private readonly at: number[] = [];
  private readonly deltas: ForkDelta[] = [];
  /** Keyframes: state after applying deltas [0..k.upTo]. */
  private readonly keys: { upTo: number; extents: readonly ExtentView[] }[] = [];
  private cache: { upTo: number; extents: readonly ExtentView[] } = { upTo: -1, extents: EMPTY };
  private pendingFrom = 0;
  private size = 0;
  private sinceKey = 0;

  add(changeIndex: number, d: ForkDelta): void {
    this.at.push(changeIndex);
    this.deltas.push(d);
    this.size += d.add.length - d.remove.length;
    this.sinceKey += d.add.length + d.remove.length;
    // A keyframe when the deltas since the last one reach a quarter of the fork: a jump then replays
    // at most ~1.25× the fork size, for keyframes costing ~4 pointers per delta entry in memory.
    if (this.sinceKey > Math.max(512, this.size / 4)) this.keyframe();
  }

  private keyframe(): void {
    const upTo = this.deltas.length - 1;
    const base = this.keys.length ? this.keys[this.keys.length - 1] : { upTo: -1, extents: EMPTY };
    const extents = applyDeltas(base.extents, this.deltas.slice(this.pendingFrom, upTo + 1));
    this.keys.push({ upTo, extents });
    this.pendingFrom = upTo + 1;
    this.sinceKey = 0;
  }

  /** The fork after the file's change `changeIndex` (and all before it). */
  state(changeIndex: number): readonly ExtentView[] {
    const upTo = lastAtOrBefore(this.at, changeIndex);
    if (upTo < 0) return EMPTY;
    if (upTo === this.cache.upTo) return this.cache.extents;
    // Forward from the cache when that is shorter than from the nearest keyframe.
    let k = this.keys.length - 1;
    while (k >= 0 && this.keys[k].upTo > upTo) k--;
    const key = k >= 0 ? this.keys[k] : { upTo: -1, extents: EMPTY };
    const from = this.cache.upTo < upTo && this.cache.upTo >= key.upTo ? this.cache : key;
    const extents = applyDeltas(from.extents, this.deltas.slice(from.upTo + 1, upTo + 1));
    this.cache = { upTo, extents };
    return extents;
  }
}

/** One file's replay. */
export class FileReplay {
  readonly steps: number[];
  private readonly data = new ForkReplay();
  private readonly cow = new ForkReplay();

  constructor(readonly track: FileTrack) {
    this.steps = track.changes.map((c) => c.step);
    track.changes.forEach((c, i) => {
      if (c.data) this.data.add(i, c.data);
      if (c.cow) this.cow.add(i, c.cow);
    });
  }

  /** The file at `step`, or undefined when it does not exist then. */
  at(step: number): FileAt | undefined {
    const i = lastAtOrBefore(this.steps, step);
    if (i < 0) return undefined;
    const c = this.track.changes[i];
    if (c.removed) return undefined;
    return {
      path: this.track.path, ino: this.track.ino, size: c.size, diskSize: c.diskSize, stBlocks: c.stBlocks, iflags: c.iflags,
      data: this.data.state(i), cow: this.cow.state(i), changedAt: c.step,
    };
  }

  /** Steps at which the file changed (the scrubber's tick marks). */
  changeSteps(): readonly number[] {
    return this.steps;
  }
}

/** Every file of a run. */
export class ForkIndex {
  readonly files: FileReplay[];
  private readonly byPath = new Map<string, FileReplay>();

  constructor(tracks: readonly FileTrack[]) {
    this.files = tracks.map((t) => new FileReplay(t));
    for (const f of this.files) this.byPath.set(f.track.path, f);
  }

  file(path: string): FileReplay | undefined {
    return this.byPath.get(path);
  }

  /** The files that exist at `step`, in path order. */
  at(step: number): FileAt[] {
    const out: FileAt[] = [];
    for (const f of this.files) {
      const s = f.at(step);
      if (s) out.push(s);
    }
    return out;
  }
}
