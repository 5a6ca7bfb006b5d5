// Layout of one fork band of the timeline: extents (in blocks) → horizontal segments (in pixels)
// for a view window of the file offset axis. Extents narrower than a pixel are binned per pixel
// column, the column taking the kind that covers most of it, so a fork of 100k extents costs one
// pass over the visible extents and draws at most one segment per pixel.
import type { ExtentView } from '../../main/run-view-types';

/** What the timeline colours: the extent states of UI.md's legend. */
export type SegmentKind = 'written' | 'unwritten' | 'delalloc' | 'prealloc' | 'cow-delalloc' | 'cow-unwritten' | 'cow-written';

export interface Segment {
  /** Left edge and width in CSS pixels. */
  x: number;
  w: number;
  kind: SegmentKind;
  shared: boolean;
  /** How many extents the segment stands for (1 unless binned). */
  extents: number;
}

/** The visible window of the offset axis, in blocks, drawn over `width` pixels. */
export interface View {
  start: number;
  end: number;
  width: number;
}

export const KIND_ORDER: readonly SegmentKind[] = ['written', 'unwritten', 'delalloc', 'prealloc', 'cow-delalloc', 'cow-unwritten', 'cow-written'];

/** First index of `extents` (sorted by offset) whose end is past `block`. */
export function firstVisible(extents: readonly ExtentView[], block: number): number {
  let lo = 0;
  let hi = extents.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (extents[mid].off + extents[mid].len <= block) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function kindOf(e: ExtentView, fork: 'data' | 'cow', pastEof: boolean): SegmentKind {
  if (fork === 'cow') return e.kind === 'delalloc' ? 'cow-delalloc' : e.kind === 'unwritten' ? 'cow-unwritten' : 'cow-written';
  if (e.kind === 'delalloc') return pastEof ? 'prealloc' : 'delalloc';
  return e.kind;
}

/**
 * Segments of a fork in a view. `eofBlock` (the file size rounded up to blocks) splits delalloc
 * extents into the part inside EOF and the speculative preallocation past it.
 */
export function layoutFork(extents: readonly ExtentView[], fork: 'data' | 'cow', eofBlock: number, view: View): Segment[] {
  const out: Segment[] = [];
  const span = view.end - view.start;
  if (span <= 0 || view.width <= 0) return out;
  const scale = view.width / span;
  // Per-pixel bin for sub-pixel pieces: blocks covered by each kind in the current column.
  let col = -1;
  const colBlocks = new Float64Array(KIND_ORDER.length);
  let colShared = false;
  let colExtents = 0;
  const flushCol = (): void => {
    if (col < 0) return;
    let best = 0;
    for (let k = 1; k < colBlocks.length; k++) if (colBlocks[k] > colBlocks[best]) best = k;
    push(col, 1, KIND_ORDER[best], colShared, colExtents);
    colBlocks.fill(0);
    colShared = false;
    colExtents = 0;
    col = -1;
  };
  const push = (x: number, w: number, kind: SegmentKind, shared: boolean, n: number): void => {
    const last = out[out.length - 1];
    if (last && last.kind === kind && last.shared === shared && Math.abs(last.x + last.w - x) < 0.5) {
      last.w = x + w - last.x;
      last.extents += n;
    } else out.push({ x, w, kind, shared, extents: n });
  };
  const piece = (from: number, to: number, kind: SegmentKind, shared: boolean): void => {
    const a = Math.max(from, view.start);
    const b = Math.min(to, view.end);
    if (b <= a) return;
    const x0 = (a - view.start) * scale;
    const x1 = (b - view.start) * scale;
    if (x1 - x0 >= 1) {
      flushCol();
      push(x0, x1 - x0, kind, shared, 1);
      return;
    }
    const c = Math.floor(x0);
    if (c !== col) {
      flushCol();
      col = c;
    }
    colBlocks[KIND_ORDER.indexOf(kind)] += b - a;
    colShared ||= shared;
    colExtents++;
  };
  for (let i = firstVisible(extents, view.start); i < extents.length; i++) {
    const e = extents[i];
    if (e.off >= view.end) break;
    const end = e.off + e.len;
    const shared = !!e.shared;
    if (fork === 'data' && e.kind === 'delalloc' && end > eofBlock && e.off < eofBlock) {
      piece(e.off, eofBlock, 'delalloc', shared);
      piece(eofBlock, end, 'prealloc', shared);
    } else piece(e.off, end, kindOf(e, fork, e.off >= eofBlock), shared);
  }
  flushCol();
  return out;
}

/** The extent under pixel `x` (for tooltips), or undefined over a hole. */
export function extentAt(extents: readonly ExtentView[], view: View, x: number): ExtentView | undefined {
  const block = view.start + (x / view.width) * (view.end - view.start);
  const i = firstVisible(extents, Math.floor(block));
  const e = extents[i];
  // Within a pixel of slack, so that extents narrower than a pixel can still be pointed at.
  const slack = (view.end - view.start) / view.width;
  return e && e.off <= block + slack ? e : undefined;
}

/** A "nice" tick step (1, 2 or 5 × 10^k bytes… in blocks) for an axis spanning `span` blocks over `width` px. */
export function tickStep(span: number, width: number, minPx = 80): number {
  const raw = (span * minPx) / Math.max(1, width);
  const pow = 2 ** Math.ceil(Math.log2(Math.max(1, raw)));
  return pow;
}

/** The axis range that shows every file: from 0 to past the largest extent end or size, with some room. */
export function fullRange(files: readonly { size: number; data: readonly ExtentView[]; cow: readonly ExtentView[] }[], blocksize: number): number {
  let end = 16;
  for (const f of files) {
    end = Math.max(end, Math.ceil(f.size / blocksize));
    const d = f.data[f.data.length - 1];
    const c = f.cow[f.cow.length - 1];
    if (d) end = Math.max(end, d.off + d.len);
    if (c) end = Math.max(end, c.off + c.len);
  }
  return Math.ceil(end * 1.05);
}
