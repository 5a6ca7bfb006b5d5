/**
 * Basic XFS types shared by the whole engine: extent records, special startblock encodings,
 * fork names. See ../docs/architecture.md for the map of the engine.
 */
import { hex } from './xfs-trace.js';

/** Extent state: XFS_EXT_NORM (written) or XFS_EXT_UNWRITTEN. */
export const EXT_NORM = 0;
export const EXT_UNWRITTEN = 1;
export type ExtState = typeof EXT_NORM | typeof EXT_UNWRITTEN;

/**
 * STARTBLOCKMASK of libxfs/xfs_bmap.h: a delalloc record stores nullstartblock(indlen) =
 * STARTBLOCKMASK | indlen. 0xffffffffe0000 < 2^52, so the encoding is exact in a JS number.
 */
export const STARTBLOCKMASK = 0xffffffffe0000;
/** DELAYSTARTBLOCK (-1 as u64): printed for a front-trimmed delalloc record. */
export const DELAYSTARTBLOCK = -1;
/** HOLESTARTBLOCK (-2 as u64): printed for holes in imap-class trace events. */
export const HOLESTARTBLOCK = -2;
/** XFS_MAX_BMBT_EXTLEN: the longest single extent record, in blocks. */
export const MAX_BMBT_EXTLEN = 2 ** 21 - 1;

/** nullstartblock(indlen): the startblock of a delalloc record reserving `indlen` indirect blocks. */
export function nullStartBlock(indlen: number): number {
  return STARTBLOCKMASK + indlen;
}

/** isnullstartblock(): true for every delalloc encoding (and DELAYSTARTBLOCK). */
export function isNullStartBlock(startblock: number): boolean {
  return startblock >= STARTBLOCKMASK || startblock === DELAYSTARTBLOCK;
}

/** startblockval(): the indlen of a delalloc record. */
export function startBlockVal(startblock: number): number {
  return startblock - STARTBLOCKMASK;
}

/**
 * One in-core extent record (struct xfs_bmbt_irec). Offsets and lengths in filesystem blocks.
 * `startblock` is a real fsblock number (agno << agblklog | agbno) or nullstartblock(indlen).
 * Records handed out by an extent tree are owned by it: never mutate them, use the tree's update.
 */
export interface BmbtIrec {
  readonly startoff: number;
  readonly startblock: number;
  readonly blockcount: number;
  readonly state: ExtState;
}

/** Fork selectors (XFS_DATA_FORK / XFS_COW_FORK), printed by trace events as "data" / "cow". */
export type WhichFork = 'data' | 'cow';

/** The u64 printing of a startblock as the kernel's `(int64_t)startblock` with %llx. */
export function startBlockHex(startblock: number): string {
  if (startblock === DELAYSTARTBLOCK) return '0xffffffffffffffff';
  if (startblock === HOLESTARTBLOCK) return '0xfffffffffffffffe';
  // hex() remembers recent values: writes landing in one extent print its startblock again and again
  // (and Number#toString(16) is slow for delalloc encodings, which are past 2^48).
  return hex(startblock);
}

/** Round x up to a multiple of align (align > 0). */
export function roundUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

/** Round x down to a multiple of align (align > 0). */
export function roundDown(x: number, align: number): number {
  return Math.floor(x / align) * align;
}
