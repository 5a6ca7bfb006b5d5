/**
 * The exact logical bytes of a simulated file, kept as sorted, disjoint runs rather than buffers:
 * a 64 GiB file written with `xfs_io pwrite -S 0x61` is one run. Each run is [start, end) and is
 * either a repeated byte or literal bytes (a view of an immutable buffer); anything not covered
 * reads as zero, which is what holes, unwritten extents and truncated-then-extended tails read as.
 *
 * The file's size lives in the inode, not here: callers pass it to `md5(size)` and call
 * `truncate(size)` when it shrinks, so no run ever lies past EOF.
 *
 * Runs are immutable objects in a sorted array; a change finds its place by binary search and
 * splices only the runs it touches (a splice is a memmove of pointers; appends are O(1)). Literal
 * buffers are never written after creation, so `copyRange` (reflink, cp) and `clone` share them.
 */

import { Md5 } from './md5.js';
import type { WriteSource } from './syscalls.js';

/** One run as `runs()` shows it; `data` is a view of length end - start and must not be mutated. */
export type ContentRun =
  | { readonly start: number; readonly end: number; readonly kind: 'pattern'; readonly byte: number }
  | { readonly start: number; readonly end: number; readonly kind: 'bytes'; readonly data: Uint8Array };

/** Internal run: one shape for both kinds (monomorphic for V8); `byte` is -1 for literal runs. */
interface Run {
  readonly start: number;
  readonly end: number;
  readonly byte: number;
  readonly data: Uint8Array | null;
}

/** Past this many new runs, a change rebuilds the array instead of spreading into splice(). */
const SPLICE_ARGS_MAX = 1024;

function patternRun(start: number, end: number, byte: number): Run {
  return { start, end, byte, data: null };
}

/** The part [s, e) of `r` (start <= s < e <= end); literal parts are views, not copies. */
function sliceRun(r: Run, s: number, e: number): Run {
  if (r.data === null) return patternRun(s, e, r.byte);
  return { start: s, end: e, byte: -1, data: r.data.subarray(s - r.start, e - r.start) };
}

/** `r` moved by `delta` bytes (data shared). */
function shiftRun(r: Run, delta: number): Run {
  return { start: r.start + delta, end: r.end + delta, byte: r.byte, data: r.data };
}

/**
 * Whether `b` continues `a` so the two can be one run: the same repeated byte, or literal views
 * that are contiguous in one buffer (a range split by zero/copyRange and put back together).
 */
function canMerge(a: Run, b: Run): boolean {
  if (a.end !== b.start) return false;
  if (a.data === null || b.data === null) return a.data === b.data && a.byte === b.byte;
  return a.data.buffer === b.data.buffer && a.data.byteOffset + a.data.length === b.data.byteOffset;
}

/** The single run covering a and b (requires canMerge(a, b)). */
function mergeRuns(a: Run, b: Run): Run {
  if (a.data === null) return patternRun(a.start, b.end, a.byte);
  const data = new Uint8Array(a.data.buffer, a.data.byteOffset, b.end - a.start);
  return { start: a.start, end: b.end, byte: -1, data };
}

/** Appends `r` to `list`, merging it into the last run when it continues it. */
function pushMerged(list: Run[], r: Run): void {
  const n = list.length;
  if (n > 0 && canMerge(list[n - 1], r)) list[n - 1] = mergeRuns(list[n - 1], r);
  else list.push(r);
}

function checkRange(op: string, pos: number, len: number): void {
  if (!(Number.isSafeInteger(pos) && pos >= 0 && Number.isSafeInteger(len) && len >= 0 && Number.isSafeInteger(pos + len))) {
    throw new RangeError(`FileContent.${op}: bad range pos=${pos} len=${len}`);
  }
}

/** A run for `len` bytes of `src` at `pos`; literal bytes are copied once (the caller may reuse its buffer). */
function runFromSource(pos: number, len: number, src: WriteSource): Run {
  if (src.kind === 'pattern') {
    if (!(Number.isInteger(src.byte) && src.byte >= 0 && src.byte <= 255)) {
      throw new RangeError(`FileContent.write: bad pattern byte ${src.byte}`);
    }
    return patternRun(pos, pos + len, src.byte);
  }
  const d = src.data;
  if (d.length < len) throw new RangeError(`FileContent.write: ${len} bytes asked, ${d.length} given`);
  // Literal bytes that are all one byte (a zero-filled buffer from cp, `echo aaaa`) become a
  // pattern run, so they coalesce with their neighbours like pwrite -S does.
  const first = d[0];
  let i = 1;
  while (i < len && d[i] === first) i++;
  if (i === len) return patternRun(pos, pos + len, first);
  return { start: pos, end: pos + len, byte: -1, data: d.slice(0, len) };
}

/**
 * The bytes of one file. All positions are byte offsets (safe non-negative integers); every
 * operation costs O(log n + runs touched), appends past the last run O(1).
 */
export class FileContent {
  private runsArr: Run[] = [];

  /** Index of the first run whose end is past `pos` (runs.length if none). */
  private firstEndAfter(pos: number): number {
    const runs = this.runsArr;
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (runs[mid].end > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Makes [a, b) read as `pieces` (sorted, disjoint runs inside [a, b); gaps read as zero):
   * trims the runs overlapping [a, b), drops those inside, inserts the pieces and coalesces at
   * both edges.
   */
  private replace(a: number, b: number, pieces: Run[]): void {
    const runs = this.runsArr;
    const n = runs.length;
    if (n === 0 || runs[n - 1].end <= a) {
      // Append: the hot path of sequential writes.
      for (const p of pieces) pushMerged(runs, p);
      return;
    }
    const i = this.firstEndAfter(a);
    let j = i;
    while (j < n && runs[j].start < b) j++;
    const mid: Run[] = [];
    let lo = i;
    let hi = j;
    if (lo > 0) {
      // The run just before may be continued by the first new piece.
      mid.push(runs[lo - 1]);
      lo--;
    }
    if (i < j && runs[i].start < a) pushMerged(mid, sliceRun(runs[i], runs[i].start, a));
    for (const p of pieces) pushMerged(mid, p);
    if (i < j && runs[j - 1].end > b) pushMerged(mid, sliceRun(runs[j - 1], b, runs[j - 1].end));
    if (hi < n && mid.length > 0) {
      pushMerged(mid, runs[hi]);
      hi++;
    }
    if (mid.length <= SPLICE_ARGS_MAX) runs.splice(lo, hi - lo, ...mid);
    else this.runsArr = runs.slice(0, lo).concat(mid, runs.slice(hi));
  }

  /** pwrite: bytes [pos, pos + len) become `src` (a repeated byte, or the first len bytes of data). */
  write(pos: number, len: number, src: WriteSource): void {
    checkRange('write', pos, len);
    if (len === 0) return;
    this.replace(pos, pos + len, [runFromSource(pos, len, src)]);
  }

  /** Makes [pos, pos + len) read as zeros (punch, zero range, unwritten conversion of a range). */
  zero(pos: number, len: number): void {
    checkRange('zero', pos, len);
    if (len === 0) return;
    this.replace(pos, pos + len, []);
  }

  /** Drops every byte at or past `size`, so a later extension reads zeros there. */
  truncate(size: number): void {
    checkRange('truncate', size, 0);
    const runs = this.runsArr;
    let i = this.firstEndAfter(size);
    if (i < runs.length && runs[i].start < size) {
      runs[i] = sliceRun(runs[i], runs[i].start, size);
      i++;
    }
    runs.length = i;
  }

  /** Bytes [pos, pos + len) as a new array (zeros where nothing is written). */
  read(pos: number, len: number): Uint8Array {
    checkRange('read', pos, len);
    const out = new Uint8Array(len);
    const runs = this.runsArr;
    const end = pos + len;
    for (let i = this.firstEndAfter(pos); i < runs.length && runs[i].start < end; i++) {
      const r = runs[i];
      const s = Math.max(r.start, pos);
      const e = Math.min(r.end, end);
      if (r.data === null) {
        if (r.byte !== 0) out.fill(r.byte, s - pos, e - pos);
      } else {
        out.set(r.data.subarray(s - r.start, e - r.start), s - pos);
      }
    }
    return out;
  }

  /**
   * Makes [dstPos, dstPos + len) of this file read as [srcPos, srcPos + len) of `src` (reflink,
   * copy_file_range, cp). Literal buffers are shared, not copied. `src` may be this file, and the
   * ranges may overlap: the source runs are collected before anything changes.
   */
  copyRange(src: FileContent, srcPos: number, dstPos: number, len: number): void {
    checkRange('copyRange', srcPos, len);
    checkRange('copyRange', dstPos, len);
    if (len === 0) return;
    const pieces: Run[] = [];
    const runs = src.runsArr;
    const end = srcPos + len;
    const delta = dstPos - srcPos;
    for (let i = src.firstEndAfter(srcPos); i < runs.length && runs[i].start < end; i++) {
      const r = runs[i];
      const s = Math.max(r.start, srcPos);
      const e = Math.min(r.end, end);
      pieces.push(shiftRun(s === r.start && e === r.end ? r : sliceRun(r, s, e), delta));
    }
    this.replace(dstPos, dstPos + len, pieces);
  }

  /**
   * The MD5 of bytes [0, size), as md5sum prints it: streams over the runs, feeding gaps and
   * pattern runs as repeated bytes and literal runs directly, so nothing of size bytes is built.
   */
  md5(size: number): string {
    checkRange('md5', size, 0);
    const h = new Md5();
    let p = 0;
    for (const r of this.runsArr) {
      if (r.start >= size) break;
      if (r.start > p) h.updateRepeated(0, r.start - p);
      const e = Math.min(r.end, size);
      if (r.data === null) h.updateRepeated(r.byte, e - r.start);
      else h.update(r.data, 0, e - r.start);
      p = e;
    }
    if (p < size) h.updateRepeated(0, size - p);
    return h.digestHex();
  }

  /**
   * Whether bytes [0, expected.length) equal `expected` (a test helper: compares run by run, never
   * builds the whole file). Bytes past expected.length are not looked at.
   */
  equalsBytes(expected: Uint8Array): boolean {
    let p = 0;
    const size = expected.length;
    const isZero = (s: number, e: number) => {
      for (let k = s; k < e; k++) if (expected[k] !== 0) return false;
      return true;
    };
    for (const r of this.runsArr) {
      if (r.start >= size) break;
      if (!isZero(p, r.start)) return false;
      const e = Math.min(r.end, size);
      for (let k = r.start; k < e; k++) {
        if (expected[k] !== (r.data === null ? r.byte : r.data[k - r.start])) return false;
      }
      p = e;
    }
    return isZero(p, size);
  }

  /** The runs in offset order, for debugging and for tools that print file contents compactly. */
  *runs(): IterableIterator<ContentRun> {
    for (const r of this.runsArr) {
      if (r.data === null) yield { start: r.start, end: r.end, kind: 'pattern', byte: r.byte };
      else yield { start: r.start, end: r.end, kind: 'bytes', data: r.data };
    }
  }

  /** How many runs there are (adjacent writes of one byte coalesce into one). */
  get runCount(): number {
    return this.runsArr.length;
  }

  /** The end of the last written byte (0 if none): nothing at or past it reads as non-zero. */
  get coveredEnd(): number {
    const runs = this.runsArr;
    return runs.length === 0 ? 0 : runs[runs.length - 1].end;
  }

  /** An independent copy; runs and literal buffers are immutable, so they are shared. */
  clone(): FileContent {
    const c = new FileContent();
    c.runsArr = this.runsArr.slice();
    return c;
  }
}
