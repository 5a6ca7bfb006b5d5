/**
 * Per-AG free space and the block allocator (libxfs/xfs_alloc.c, much simplified: in the target AG
 * the free extent nearest the target block that holds the allocation, as xfs_alloc_ag_vextent_near
 * picks it; then the other AGs in order, first-fit; busy extents as the kernel treats them).
 */
import { RangeSet } from './range-set.js';
import type { XfsMount } from './xfs-mount.js';

/** Blocks used by AG headers and btree roots at the start of every AG (sb, agf, agi, agfl, roots). */
const AG_HEADER_BLOCKS = 10;
/** AG 0 also holds the first inode chunk (64 inodes of 512 bytes) after a 6-block gap. */
const AG0_INODE_CHUNK = { start: 16, len: 8 };

/** Result of an allocation. */
export interface AllocResult {
  fsb: number;
  len: number;
}

/** Free space of every AG. */
export class XfsAllocator {
  /** Free agbno ranges per AG (the bnobt). */
  readonly free: RangeSet[] = [];
  /**
   * Busy extents (xfs_extent_busy): freed blocks that may not be reused until the freeing
   * transaction reaches the log (a log force: fsync, sync) — unless nothing else is left.
   */
  readonly busy: RangeSet[] = [];
  /** Per AG, free ∪ busy (what the AGF's free-space btrees hold), for its longest extent. */
  private freeOrBusy: RangeSet[] = [];

  /**
   * Per AG, the blocks an allocation must leave free: the worst-case size of the AG's refcount btree
   * (reflink) and free-inode btree (xfs_ag_resv: an extent never eats into them, xfs_alloc_space_available).
   */
  readonly resv: number[] = [];

  constructor(private readonly mp: XfsMount) {
    const logAg = Math.floor(mp.agcount / 2);
    for (let agno = 0; agno < mp.agcount; agno++) {
      const size = Math.min(mp.agblocks, mp.dblocks - agno * mp.agblocks);
      this.resv.push(agMetaResv(mp, size - (agno === logAg ? mp.logblocks : 0)));
      const rs = new RangeSet({ trackLengths: true });
      rs.add(AG_HEADER_BLOCKS, size);
      if (agno === 0) rs.remove(AG0_INODE_CHUNK.start, AG0_INODE_CHUNK.start + AG0_INODE_CHUNK.len);
      if (agno === logAg) rs.remove(AG_HEADER_BLOCKS, AG_HEADER_BLOCKS + mp.logblocks);
      this.free.push(rs);
      this.freeOrBusy.push(rs.clone());
      this.busy.push(new RangeSet());
    }
  }

  /** Total free blocks in all AGs (busy ones included). */
  totalFree(): number {
    let n = 0;
    for (const rs of this.free) n += rs.total();
    for (const rs of this.busy) n += rs.total();
    return n;
  }

  /** A log force: busy extents become reusable (xfs_extent_busy_clear). */
  clearBusy(): void {
    for (let agno = 0; agno < this.busy.length; agno++) {
      for (const [s, e] of this.busy[agno].ranges()) this.free[agno].add(s, e);
      this.busy[agno].clear();
    }
  }

  /**
   * For the invariant checker: AG `agno`'s free ∪ busy set (kept beside the two for its longest
   * extent) holds exactly their union; a description of the first difference, or null.
   */
  unionMismatch(agno: number): string | null {
    const u = new RangeSet();
    for (const [s, e] of this.free[agno].ranges()) u.add(s, e);
    for (const [s, e] of this.busy[agno].ranges()) u.add(s, e);
    const want = [...u.ranges()];
    const got = [...this.freeOrBusy[agno].ranges()];
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (want[i]?.[0] !== got[i]?.[0] || want[i]?.[1] !== got[i]?.[1]) {
        return `ag ${agno}: free ∪ busy has ${want[i]?.join('-') ?? 'nothing'}, the kept set ${got[i]?.join('-') ?? 'nothing'}`;
      }
    }
    return null;
  }

  /** Free blocks of one AG. */
  agFree(agno: number): number {
    return this.free[agno].total();
  }

  /**
   * Allocate up to `len` blocks (at least `minlen`), preferring one free extent that holds all of
   * it: the nearest to `target` (an fsblock) in its AG, else the first in the other AGs; when no
   * extent is large enough, the largest one is used (a partial allocation, as with minlen 1).
   * Returns null when nothing can be allocated.
   */
  alloc(target: number, len: number, minlen = 1, userdata = true): AllocResult | null {
    const near = this.busyNear(target, len, userdata);
    if (near) return near;
    const r = this.allocFree(target, len, minlen, userdata);
    if (r && r.len >= len) return r;
    if (!this.busy.some((b) => !b.isEmpty())) return r;
    // xfs_extent_busy_flush: force the log and try again with the busy extents back.
    if (r) this.freeExtentNow(r.fsb, r.len);
    this.clearBusy();
    return this.allocFree(target, len, minlen, userdata);
  }

  /**
   * The AG choice of xfs_bmap_btalloc_select_lengths sees busy blocks as free (they are in the
   * free-space btrees): the first AG from the target's whose longest free extent, busy or not, holds
   * `len` is where the allocation goes. If only busy blocks there can give it, the allocator forces the
   * log (xfs_extent_busy_flush in xfs_alloc_ag_vextent_near) and allocates in that AG rather than
   * moving on to another one. Null when no busy blocks decide the matter (then alloc's usual path).
   */
  private busyNear(target: number, len: number, userdata: boolean): AllocResult | null {
    const mp = this.mp;
    if (!this.busy.some((b) => !b.isEmpty())) return null;
    const tagno = Math.min(mp.fsbToAgno(target), mp.agcount - 1);
    for (let i = 0; i < mp.agcount; i++) {
      const agno = (tagno + i) % mp.agcount;
      if (this.longestFree(agno) >= len) return null;
      if (this.busy[agno].isEmpty() || this.longestWithBusy(agno) < len) continue;
      this.clearBusy();
      return this.allocFree(i === 0 ? target : mp.agbToFsb(agno, 0), len, len, userdata);
    }
    return null;
  }

  /** Longest extent the AG can give one allocation from its free blocks (busy ones excluded). */
  private longestFree(agno: number): number {
    const rs = this.free[agno];
    return Math.max(0, Math.min(rs.longest(), rs.total() - this.resv[agno]));
  }

  /** The same with busy blocks counted as free (the AGF's longest free extent). */
  private longestWithBusy(agno: number): number {
    const rs = this.freeOrBusy[agno];
    return Math.max(0, Math.min(rs.longest(), rs.total() - this.resv[agno]));
  }

  private allocFree(target: number, len: number, minlen: number, userdata: boolean): AllocResult | null {
    const mp = this.mp;
    const tagno = Math.min(mp.fsbToAgno(target), mp.agcount - 1);
    const tagbno = mp.fsbToAgbno(target);
    let best: { agno: number; start: number; len: number } | null = null;
    for (let i = 0; i < mp.agcount; i++) {
      const agno = (tagno + i) % mp.agcount;
      const from = i === 0 ? tagbno : 0;
      // What the AG can give one extent without touching its metadata reservation.
      const avail = this.free[agno].total() - this.resv[agno];
      if (avail < minlen) continue;
      if (i === 0) {
        // xfs_alloc_ag_vextent_near: the free extent that can hold it whole nearest the target.
        const near = this.nearest(agno, from, len, avail, userdata);
        if (near >= 0) return this.take(agno, near, len);
      }
      for (const [s, e] of this.free[agno].ranges()) {
        const n = Math.min(e - s, avail);
        if (n >= len) return this.take(agno, s, len);
        if (!best || n > best.len) best = { agno, start: s, len: n };
      }
    }
    if (best && best.len >= minlen) return this.take(best.agno, best.start, best.len);
    return null;
  }

  /**
   * Where in AG `agno` an allocation of `len` blocks wanted at `want` goes, the near allocator's way:
   * of the free extents that hold it (at most `avail` of an extent usable), the one whose placement is
   * nearest `want` (xfs_alloc_compute_diff for user data: at `want` inside an extent that reaches far
   * enough, else at the extent's start); -1 if none holds it.
   */
  private nearest(agno: number, want: number, len: number, avail: number, userdata: boolean): number {
    if (avail < len) return -1;
    if (this.freeOrBusy[agno].count <= cntbtLeafRecords(this.mp.blocksize)) return this.nearestInLastBlock(agno, want, len, avail, userdata);
    const rs = this.free[agno];
    // Searched outwards from `want`, as the kernel's two bnobt cursors do: on each side the first
    // extent that holds it is that side's nearest. Right of want it goes at the extent's start.
    let right = -1;
    for (const [s, e] of rs.rangesUp(want)) {
      if (s > want && e - s >= len) {
        right = s;
        break;
      }
    }
    // At or left of want: at want inside an extent that reaches far enough, else at its start. A tie
    // goes to the lower block, i.e. to this side.
    for (const [s, e] of rs.rangesDown(want)) {
      if (e - s >= len) {
        const bno = s < want && e >= want + len ? want : s;
        return right < 0 || want - bno <= right - want ? bno : right;
      }
      if (right >= 0 && want - s > right - want) break; // every extent from here goes farther away
    }
    return right;
  }

  /**
   * nearest() in an AG whose free extents fit one block of the by-size btree (a small or lightly
   * fragmented AG): xfs_alloc_ag_vextent_lastblock checks every record of that block that holds `len`,
   * in (length, start) order. Each record is a free extent as the free-space btrees hold it, busy
   * blocks included; busyTrim cuts it to the piece the allocation may use. The placement in the piece
   * is xfs_alloc_compute_diff's, and a record as near as the best so far replaces it: a tie goes to the
   * longer record, or the higher one of equal length (64). -1 if no record gives a piece.
   */
  private nearestInLastBlock(agno: number, want: number, len: number, avail: number, userdata: boolean): number {
    // The scan's result without sorting: the nearest placement, and of equally near ones the record
    // that comes last in (length, start) order.
    let best = -1;
    let bestDiff = Infinity;
    let bestLen = 0;
    let bestStart = 0;
    const busy = !this.busy[agno].isEmpty();
    for (const [s, e] of this.freeOrBusy[agno].ranges()) {
      if (e - s < len) continue;
      const piece = busy ? this.busyTrim(agno, s, e, len) : [s, e];
      if (!piece || Math.min(piece[1] - piece[0], avail) < len) continue;
      const bno = placeInFree(want, len, piece[0], piece[1], userdata);
      const diff = Math.abs(bno - want);
      if (diff < bestDiff || (diff === bestDiff && (e - s > bestLen || (e - s === bestLen && s > bestStart)))) {
        best = bno;
        bestDiff = diff;
        bestLen = e - s;
        bestStart = s;
      }
    }
    return best;
  }

  /**
   * xfs_extent_busy_trim for an allocation of exactly `len` blocks: the part of free record [s, e)
   * clear of busy blocks that the allocator may use. A busy range over the record's start or end is cut
   * off; one in the middle keeps the left part if it holds `len`, else the right part if it holds
   * 4 * len, else nothing. Null when nothing is left.
   */
  private busyTrim(agno: number, s: number, e: number, len: number): [number, number] | null {
    let fbno = s;
    let fend = e;
    for (;;) {
      const hit = this.busy[agno].rangesUp(fbno).next();
      if (hit.done || hit.value[0] >= fend) return fend > fbno ? [fbno, fend] : null;
      const [bbno, bend] = hit.value;
      if (bbno <= fbno) {
        if (fend <= bend) return null;
        fbno = bend;
      } else if (bend >= fend) {
        fend = bbno;
      } else if (bbno - fbno >= len) {
        fend = bbno;
      } else if (fend - bend >= 4 * len) {
        fbno = bend;
      } else {
        return null;
      }
    }
  }

  /** Allocate exactly [fsb, fsb+len) if free (used to extend an extent contiguously). */
  allocExact(fsb: number, len: number): boolean {
    const agno = this.mp.fsbToAgno(fsb);
    const agbno = this.mp.fsbToAgbno(fsb);
    if (agno >= this.mp.agcount) return false;
    const rs = this.free[agno];
    for (const [s, e] of rs.ranges(agbno, agbno + len)) {
      if (s === agbno && e === agbno + len) {
        rs.remove(agbno, agbno + len);
        this.freeOrBusy[agno].remove(agbno, agbno + len);
        return true;
      }
    }
    return false;
  }

  /** Return [fsb, fsb+len) to the free space; it stays busy until the next log force. */
  freeExtent(fsb: number, len: number): void {
    const agno = this.mp.fsbToAgno(fsb);
    const agbno = this.mp.fsbToAgbno(fsb);
    if (this.free[agno].overlaps(agbno, agbno + len) || this.busy[agno].overlaps(agbno, agbno + len)) {
      throw new Error(`freeing free space: ag ${agno} [${agbno}, ${agbno + len})`);
    }
    this.busy[agno].add(agbno, agbno + len);
    this.freeOrBusy[agno].add(agbno, agbno + len);
  }

  private freeExtentNow(fsb: number, len: number): void {
    const agno = this.mp.fsbToAgno(fsb);
    const agbno = this.mp.fsbToAgbno(fsb);
    this.free[agno].add(agbno, agbno + len);
    this.freeOrBusy[agno].add(agbno, agbno + len);
  }

  private take(agno: number, start: number, len: number): AllocResult {
    this.free[agno].remove(start, start + len);
    this.freeOrBusy[agno].remove(start, start + len);
    return { fsb: this.mp.agbToFsb(agno, start), len };
  }
}

/** xfs_btree_calc_size: blocks of a btree holding `records` at minimum fill (leaf, node minimums). */
function btreeCalcSize(leafMin: number, nodeMin: number, records: number): number {
  let len = records;
  let per = leafMin;
  let blocks = 0;
  while (len > 1) {
    len = Math.ceil(len / per);
    per = nodeMin;
    blocks += len;
  }
  return blocks;
}

/**
 * xfs_ag_resv's metadata reservation of an AG of `agblocks` usable blocks: the refcount btree (with
 * reflink) and the free-inode btree at their largest (short-format CRC blocks: 56-byte headers).
 */
function agMetaResv(mp: XfsMount, agblocks: number): number {
  const room = mp.blocksize - 56;
  const nodeMin = Math.floor(room / 8 / 2);
  const refcount = mp.reflink ? btreeCalcSize(Math.floor(room / 12 / 2), nodeMin, agblocks) : 0;
  const inopb = mp.blocksize / mp.inodesize;
  const finobt = btreeCalcSize(Math.floor(room / 16 / 2), nodeMin, Math.floor((agblocks * inopb) / 64));
  return refcount + finobt;
}

/**
 * Records one leaf of the by-size free-space btree holds (a short-form CRC block header of 56 bytes,
 * 8-byte records): 505 with 4 KiB blocks.
 */
function cntbtLeafRecords(blocksize: number): number {
  return Math.floor((blocksize - 56) / 8);
}

/**
 * xfs_alloc_compute_diff without alignment: where an allocation of `len` wanted at `want` goes in free
 * piece [s, e). At its start when it lies at or past `want`, or (user data) when it ends before the
 * wanted range does, leaving room to grow; at `want` when it covers the wanted range; else as near
 * `want` as its end allows.
 */
function placeInFree(want: number, len: number, s: number, e: number, userdata: boolean): number {
  if (s >= want || (userdata && e < want + len)) return s;
  if (e >= want + len) return want;
  return e - len;
}
