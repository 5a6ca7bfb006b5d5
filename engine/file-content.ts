/**
 * The exact logical bytes of a simulated file, kept as sorted, disjoint runs rather than buffers:
 * a 64 GiB file written with `xfs_io pwrite -S 0x61` is one run. Each run is [start, end) and is
 * either a repeated byte or literal bytes (a view of an immutable buffer); anything not covered
 * reads as zero, which is what holes, unwritten extents and truncated-then-extended tails read as.
 *
 * The file's size lives in the inode, not here: callers pass it to `md5(size)` and call
 * `truncate(size)` when it shrinks, so no run ever lies past EOF.
 *
 * Runs are records of an IextTree of width 3 keyed by byte offset (offsets stay below 2^53): startoff
 * and blockcount are the run's start and length in bytes, and the startblock slot holds the payload,
 * the repeated byte (0-255) or 256 + the index of the run's literal view in a side table. A sorted array
 * of run objects made every write into the middle of a fragmented file an O(n) splice, and at 1M runs
 * it was 50 bytes a run on the traced heap; the tree is O(log n) and 24 bytes a run off it. Literal
 * buffers are never written after creation, so `copyRange` (reflink, cp) and `clone` share them.
 */

import { Md5 } from './md5.js';
import type { WriteSource } from './syscalls.js';
import { IextTree } from './xfs-iext-tree.js';

/** One run as `runs()` shows it; `data` is a view of length end - start and must not be mutated. */
export type ContentRun =
  | { readonly start: number; readonly end: number; readonly kind: 'pattern'; readonly byte: number }
  | { readonly start: number; readonly end: number; readonly kind: 'bytes'; readonly data: Uint8Array };

/** Payloads at or above this are literal runs: 256 + their slot in `views`. */
const LITERAL = 256;

function checkRange(op: string, pos: number, len: number): void {
  if (!(Number.isSafeInteger(pos) && pos >= 0 && Number.isSafeInteger(len) && len >= 0 && Number.isSafeInteger(pos + len))) {
    throw new RangeError(`FileContent.${op}: bad range pos=${pos} len=${len}`);
  }
}

/** Whether view b continues view a in the same buffer (a literal range split and put back together). */
function contiguous(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset + a.length === b.byteOffset;
}

/** The view spanning a then b (requires contiguous(a, b)). */
function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.length + b.length);
}

/**
 * The bytes of one file. All positions are byte offsets (safe non-negative integers); every
 * operation costs O(log n + runs touched), appends past the last run O(1).
 */
export class FileContent {
  private tree = new IextTree(3);
  /** Literal runs' views by slot (length = the run's length); undefined slots are free. */
  private views: (Uint8Array | undefined)[] = [];
  private freeSlots: number[] = [];

  /** pwrite: bytes [pos, pos + len) become `src` (a repeated byte, or the first len bytes of data). */
  write(pos: number, len: number, src: WriteSource): void {
    checkRange('write', pos, len);
    if (len === 0) return;
    if (src.kind === 'pattern') {
      const byte = src.byte;
      if (!(Number.isInteger(byte) && byte >= 0 && byte <= 255)) throw new RangeError(`FileContent.write: bad pattern byte ${byte}`);
      if (!this.putPattern(pos, pos + len, byte)) this.put(pos, pos + len, byte, null);
      return;
    }
    const d = src.data;
    if (d.length < len) throw new RangeError(`FileContent.write: ${len} bytes asked, ${d.length} given`);
    // Literal bytes that are all one byte (a zero-filled buffer from cp, `echo aaaa`) become a
    // pattern run, so they coalesce with their neighbours like pwrite -S does.
    const first = d[0];
    let i = 1;
    while (i < len && d[i] === first) i++;
    if (i === len) this.write(pos, len, { kind: 'pattern', byte: first });
    else this.put(pos, pos + len, -1, d.slice(0, len)); // copied once: the caller may reuse its buffer
  }

  /**
   * Looks pos up here and off in `extents` (the file's data fork) together, ahead of a write that
   * will need both: the two lookups' cache misses overlap (see IextBtree.findPair). Changes nothing.
   */
  seekWith(pos: number, extents: IextTree, off: number): void {
    IextTree.findPair(this.tree, pos, extents, off);
  }

  /** Makes [pos, pos + len) read as zeros (punch, zero range, unwritten conversion of a range). */
  zero(pos: number, len: number): void {
    checkRange('zero', pos, len);
    if (len > 0) this.cut(pos, pos + len);
  }

  /** Drops every byte at or past `size`, so a later extension reads zeros there. */
  truncate(size: number): void {
    checkRange('truncate', size, 0);
    if (size === 0) {
      this.tree.clear();
      this.views = [];
      this.freeSlots = [];
      return;
    }
    const t = this.tree;
    if (t.atLast() && t.curEnd() > size) this.cut(size, t.curEnd());
  }

  /** Bytes [pos, pos + len) as a new array (zeros where nothing is written). */
  read(pos: number, len: number): Uint8Array {
    checkRange('read', pos, len);
    const out = new Uint8Array(len);
    const end = pos + len;
    for (const r of this.tree.range(pos, end)) {
      const s = Math.max(r.startoff, pos);
      const e = Math.min(r.startoff + r.blockcount, end);
      if (r.startblock < LITERAL) {
        if (r.startblock !== 0) out.fill(r.startblock, s - pos, e - pos);
      } else {
        out.set(this.view(r.startblock).subarray(s - r.startoff, e - r.startoff), s - pos);
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
    const end = srcPos + len;
    const delta = dstPos - srcPos;
    const pieces: { s: number; e: number; byte: number; data: Uint8Array | null }[] = [];
    for (const r of src.tree.range(srcPos, end)) {
      const s = Math.max(r.startoff, srcPos);
      const e = Math.min(r.startoff + r.blockcount, end);
      const data = r.startblock < LITERAL ? null : src.view(r.startblock).subarray(s - r.startoff, e - r.startoff);
      pieces.push({ s: s + delta, e: e + delta, byte: r.startblock < LITERAL ? r.startblock : -1, data });
    }
    this.cut(dstPos, dstPos + len);
    for (const p of pieces) this.insertMerged(p.s, p.e, p.byte, p.data);
  }

  /**
   * The MD5 of bytes [0, size), as md5sum prints it: streams over the runs, feeding gaps and
   * pattern runs as repeated bytes and literal runs directly, so nothing of size bytes is built.
   */
  md5(size: number): string {
    checkRange('md5', size, 0);
    const h = new Md5();
    let p = 0;
    for (const r of this.tree.range(0, size)) {
      if (r.startoff > p) h.updateRepeated(0, r.startoff - p);
      const e = Math.min(r.startoff + r.blockcount, size);
      if (r.startblock < LITERAL) h.updateRepeated(r.startblock, e - r.startoff);
      else h.update(this.view(r.startblock), 0, e - r.startoff);
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
    for (const r of this.runs()) {
      if (r.start >= size) break;
      if (!isZero(p, r.start)) return false;
      const e = Math.min(r.end, size);
      for (let k = r.start; k < e; k++) {
        if (expected[k] !== (r.kind === 'pattern' ? r.byte : r.data[k - r.start])) return false;
      }
      p = e;
    }
    return isZero(p, size);
  }

  /** The runs in offset order, for debugging and for tools that print file contents compactly. */
  *runs(): IterableIterator<ContentRun> {
    for (const r of this.tree.all()) {
      const start = r.startoff;
      const end = r.startoff + r.blockcount;
      if (r.startblock < LITERAL) yield { start, end, kind: 'pattern', byte: r.startblock };
      else yield { start, end, kind: 'bytes', data: this.view(r.startblock) };
    }
  }

  /** How many runs there are (adjacent writes of one byte coalesce into one). */
  get runCount(): number {
    return this.tree.count;
  }

  /** The end of the last written byte (0 if none): nothing at or past it reads as non-zero. */
  get coveredEnd(): number {
    return this.tree.atLast() ? this.tree.curEnd() : 0;
  }

  /** An independent copy; literal buffers are immutable, so they are shared. */
  clone(): FileContent {
    const c = new FileContent();
    c.tree = this.tree.clone();
    c.views = this.views.slice();
    c.freeSlots = this.freeSlots.slice();
    return c;
  }

  // ------------------------------------------------------------ internals

  private view(payload: number): Uint8Array {
    return this.views[payload - LITERAL] as Uint8Array;
  }

  /** The payload for a run of `byte`, or for a literal run of `data` (a new slot). */
  private payloadFor(byte: number, data: Uint8Array | null): number {
    if (data === null) return byte;
    const slot = this.freeSlots.pop() ?? this.views.length;
    this.views[slot] = data;
    return LITERAL + slot;
  }

  private freePayload(payload: number): void {
    if (payload < LITERAL) return;
    this.views[payload - LITERAL] = undefined;
    this.freeSlots.push(payload - LITERAL);
  }

  /** The payload of the part [s, e) of the run [rs, re) with `payload` (a new slot for a literal part). */
  private part(payload: number, rs: number, s: number, e: number): number {
    if (payload < LITERAL) return payload;
    return this.payloadFor(-1, this.view(payload).subarray(s - rs, e - rs));
  }

  /**
   * The common cases of a pattern write, with one search: bytes that already have that value (overwrite
   * loops), a write into a gap (appends, random writes to a new file), and a write over the head of a
   * pattern run (sequential overwrites with a new byte, CoW of a reflinked copy), joined to the run it
   * continues. False for anything else: put() does the general case.
   */
  private putPattern(a: number, b: number, byte: number): boolean {
    const t = this.tree;
    const hasLeft = t.at(a);
    const ls = hasLeft ? t.curOff() : 0;
    const le = hasLeft ? t.curEnd() : 0;
    if (hasLeft && le > a) {
      const p = t.curBlock();
      if (p === byte) return le >= b;
      if (ls !== a || le <= b || p >= LITERAL) return false;
      // [a, b) is the head of another pattern run: that run now starts at b, and [a, b) joins the run
      // before it or becomes a run of its own.
      t.updateRec(a, b, p, le - b, 0);
      if (t.stepBack() && t.curEnd() === a && t.curBlock() === byte) t.setCur(byte, b - t.curOff());
      else t.insertRec(a, byte, b - a, 0);
      return true;
    }
    const joinLeft = hasLeft && le === a && t.curBlock() === byte;
    const ns = t.nextOff();
    if (ns < b) return false;
    if (ns === b) {
      t.step();
      if (t.curBlock() === byte) {
        // Joins the run after it (and the one before, if that continues it too).
        const ne = t.curEnd();
        if (joinLeft) {
          t.delete(b);
          t.updateRec(ls, ls, byte, ne - ls, 0);
        } else {
          t.updateRec(b, a, byte, ne - a, 0);
        }
        return true;
      }
      t.at(a); // back to the run before (stepBack cannot return to "before the first run")
    }
    if (joinLeft) t.setCur(byte, b - ls);
    else t.insertAfterFinger(a, byte, b - a, 0);
    return true;
  }

  /** Makes [a, b) read as one run (byte, or literal data): cut, then insert merging with neighbours. */
  private put(a: number, b: number, byte: number, data: Uint8Array | null): void {
    const t = this.tree;
    if (!t.atLast() || t.curEnd() <= a) {
      // Past the last run (sequential literal writes): nothing to cut.
      this.insertMerged(a, b, byte, data);
      return;
    }
    this.cut(a, b);
    this.insertMerged(a, b, byte, data);
  }

  /** Makes no run overlap [a, b): trims the runs at both edges and drops those inside. */
  private cut(a: number, b: number): void {
    const t = this.tree;
    if (t.at(a) && t.curEnd() > a && t.curOff() < a) {
      // A run straddles a: keep its head, and its tail past b if it reaches that far.
      const rs = t.curOff();
      const re = t.curEnd();
      const p = t.curBlock();
      const tail = re > b ? this.part(p, rs, b, re) : -1;
      this.setRun(rs, rs, a, p, this.part(p, rs, rs, a));
      if (tail >= 0) {
        t.insertRec(b, tail, re - b, 0);
        return;
      }
    }
    // Then, from the right, every run starting in [a, b): dropped, or its head trimmed off at b.
    while (t.at(b - 1) && t.curOff() >= a) {
      const rs = t.curOff();
      const re = t.curEnd();
      const p = t.curBlock();
      if (re > b) this.setRun(rs, b, re, p, this.part(p, rs, b, re));
      else {
        t.delete(rs);
        this.freePayload(p);
      }
    }
  }

  /** Rewrites the run starting at `at` as [s, e) with `payload`, freeing the old payload's slot. */
  private setRun(at: number, s: number, e: number, old: number, payload: number): void {
    this.tree.updateRec(at, s, payload, e - s, 0);
    if (payload !== old) this.freePayload(old);
  }

  /** Inserts the run [a, b) into a gap of the tree, joining it to a neighbour it continues. */
  private insertMerged(a: number, b: number, byte: number, data: Uint8Array | null): void {
    const t = this.tree;
    let s = a;
    let e = b;
    let joinLeft = -1;
    if (a > 0 && t.at(a - 1) && t.curEnd() === a) {
      const p = t.curBlock();
      if (data === null ? p === byte : p >= LITERAL && contiguous(this.view(p), data)) {
        joinLeft = t.curOff();
        if (data !== null) data = joined(this.view(p), data);
        s = joinLeft;
        this.freePayload(p);
      }
    }
    if (t.at(b) && t.curOff() === b) {
      const p = t.curBlock();
      if (data === null ? p === byte : p >= LITERAL && contiguous(data, this.view(p))) {
        e = t.curEnd();
        if (data !== null) data = joined(data, this.view(p));
        t.delete(b);
        this.freePayload(p);
      }
    }
    const payload = this.payloadFor(byte, data);
    if (joinLeft >= 0) t.updateRec(joinLeft, s, payload, e - s, 0);
    else t.insertRec(s, payload, e - s, 0);
  }
}
