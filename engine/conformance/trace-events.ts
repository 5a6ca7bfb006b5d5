/**
 * How the comparator reads one trace event (compare_engine.py: the event classes, is_physical,
 * split_fields, InoCanon, fmt_ev): which events are racy, completion-side or anchors, and which fields
 * are logical (T2) or physical (T3).
 */
import { pyStr, pyToInt, type PyVal } from './py-values.js';

/** Completion-side events: they float between anchors (I/O completion runs concurrently). */
export const COMPLETION_EVENTS = new Set([
  'xfs_unwritten_convert',
  'xfs_setfilesize',
  'xfs_reflink_end_cow',
  'xfs_reflink_cow_remap_from',
  'xfs_reflink_cow_remap_to',
]);
/** Syscall-entry events: the only boundaries of completion windows. */
export const ANCHOR_EVENTS = new Set([
  'xfs_file_buffered_write',
  'xfs_file_direct_write',
  'xfs_file_fsync',
  'xfs_reflink_remap_range',
  'xfs_free_file_space',
  'xfs_alloc_file_space',
  'xfs_zero_file_space',
  'xfs_reflink_unshare',
]);
/** Mapping-revalidation events: race artefacts. */
export const REVALIDATE_EVENTS = new Set(['xfs_wb_data_iomap_invalid', 'xfs_wb_cow_iomap_invalid', 'xfs_iomap_invalid']);
/** Events compared loosely as completions (none today; kept from the Python comparator). */
export const LOOSE_EVENTS = new Set<string>();
/** Racy writeback-cache events, not compared at any tier. */
export const RACY_EVENTS = new Set([...REVALIDATE_EVENTS, 'xfs_map_blocks_found']);
const PHYS_NAMES = new Set(['startblock', 'block', 'pblk', 'fsbno', 'agbno', 'daddr', 'addr', 'blkno', 'bno']);
const PHYS_EVENT_FIELDS = new Set(['xfs_freecounter_enospc\0avail', 'xfs_freecounter_enospc\0total']);
const IGNORED_FIELDS = new Set(['ops']); // a kernel pointer
/** Dropped from completion-window keys: they depend on completion timing. */
export const TIMING_FIELDS = ['isize', 'disize', 'wpcseq', 'forkseq'];
const RACY_FIELDS = new Set(['disize']); // set at I/O completion: never compared
const INO_FIELDS = new Set(['ino', 'dest_ino', 'src_ino']);
/** Startblock values at or above this are encodings (delalloc, HOLESTARTBLOCK, IOMAP_NULL_ADDR): logical. */
export const SPECIAL_MIN = 0xffffffffe0000n;

/** The event as the comparator reads it from JSON (every key may be missing). */
export interface RawEvent {
  event?: string;
  ctx?: string;
  fields?: Record<string, PyVal>;
}

/** base_key: trailing `_` and a `dest_`/`src_` prefix removed. */
export function baseKey(k: string): string {
  k = k.replace(/_+$/, '');
  for (const p of ['dest_', 'src_']) if (k.startsWith(p)) k = k.slice(p.length);
  return k;
}

/** is_physical: block-address fields (unless a special encoding) and the free-space counters. */
export function isPhysical(ev: PyVal, k: string, v: PyVal): boolean {
  const b = baseKey(k);
  if (PHYS_EVENT_FIELDS.has(`${pyStr(ev)}\0${b}`)) return true;
  if (PHYS_NAMES.has(b) || (b.includes('block') && !b.endsWith('blocks'))) {
    const n = pyToInt(v);
    return !(n !== null && n >= SPECIAL_MIN);
  }
  return false;
}

/** classify: C = completion-side / floating, A = anchor (window boundary), S = other strict events. */
export function classify(e: RawEvent): 'C' | 'A' | 'S' {
  const ev = e.event ?? null;
  const flags = (e.fields ?? {})['flags'];
  if (
    e.ctx === 'kworker' ||
    (ev !== null && (COMPLETION_EVENTS.has(ev) || LOOSE_EVENTS.has(ev))) ||
    (ev === 'xfs_bunmap' && pyStr(flags === undefined ? '' : flags).includes('REMAP'))
  ) {
    return 'C';
  }
  return ev !== null && ANCHOR_EVENTS.has(ev) ? 'A' : 'S';
}

/** InoCanon: `ino#N` → `ino#@k` by order of first appearance within one recording. */
export class InoCanon {
  private readonly m = new Map<string, string>();

  /** The canonical name of v (other values unchanged). */
  canon(v: PyVal): PyVal {
    if (typeof v === 'string' && v.startsWith('ino#')) {
      let c = this.m.get(v);
      if (c === undefined) {
        c = `ino#@${this.m.size + 1}`;
        this.m.set(v, c);
      }
      return c;
    }
    return v;
  }
}

/** split_fields: (logical, physical) fields; `ino#N` canonicalised in logical, raw in physical. */
export function splitFields(e: RawEvent, canon: InoCanon): [Map<string, PyVal>, Map<string, PyVal>] {
  const lg = new Map<string, PyVal>();
  const ph = new Map<string, PyVal>();
  for (const [k, v] of Object.entries(e.fields ?? {})) {
    if (IGNORED_FIELDS.has(k) || RACY_FIELDS.has(baseKey(k))) continue;
    if (INO_FIELDS.has(k)) {
      lg.set(k, canon.canon(v));
      if (typeof v === 'string' && v.startsWith('ino#')) ph.set(k, v);
    } else if (isPhysical(e.event, k, v)) {
      ph.set(k, v);
    } else {
      lg.set(k, v);
    }
  }
  return [lg, ph];
}

/** fmt_ev: `event k=v k=v`. */
export function fmtEv(ev: PyVal, fields: Iterable<[string, PyVal]>): string {
  const parts: string[] = [];
  for (const [k, v] of fields) parts.push(`${k}=${pyStr(v)}`);
  return pyStr(ev) + ' ' + parts.join(' ');
}
