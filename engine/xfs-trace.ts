/**
 * Kernel-format trace events (fs/xfs/xfs_trace.h as printed by the 6.18 kernel). Each event is
 * kept as the recordings keep it: the event name, the task (`ctx`), and the printed fields as
 * strings (hex with 0x, as the print format writes them). `ino` stays numeric here (0x83); the
 * oracle-json output maps it to a path.
 */

/** One trace event. `step` is the index of the run step that emitted it. */
export interface TraceEvent {
  event: string;
  ctx: string;
  fields: Record<string, string>;
  step: number;
}

/** The events the oracle recorder enables by default; capture of any other event is opt-in. */
export const DEFAULT_EVENTS: readonly string[] = [
  'xfs_file_buffered_write', 'xfs_iomap_alloc', 'xfs_iomap_found', 'xfs_iomap_prealloc_size',
  'xfs_reflink_cow_found', 'xfs_delalloc_enospc', 'xfs_blockgc_free_space', 'xfs_blockgc_worker',
  'xfs_inode_set_eofblocks_tag', 'xfs_inode_clear_eofblocks_tag', 'xfs_reflink_end_cow',
  'xfs_reflink_convert_cow', 'xfs_reflink_cow_remap_from', 'xfs_reflink_cow_remap_to', 'xfs_bunmap',
  'xfs_zero_eof', 'xfs_unwritten_convert', 'xfs_reflink_unshare', 'xfs_iomap_invalid',
  'xfs_wb_data_iomap_invalid', 'xfs_wb_cow_iomap_invalid', 'xfs_map_blocks_alloc', 'xfs_map_blocks_found',
  'xfs_reflink_trim_around_shared', 'xfs_reflink_cancel_cow', 'xfs_inode_set_cowblocks_tag',
  'xfs_inode_clear_cowblocks_tag', 'xfs_setfilesize', 'xfs_file_fsync', 'xfs_itruncate_extents_start',
  'xfs_itruncate_extents_end', 'xfs_free_file_space', 'xfs_alloc_file_space', 'xfs_zero_file_space',
  'xfs_reflink_remap_range', 'xfs_reflink_remap_extent_src', 'xfs_reflink_remap_extent_dest',
  'xfs_blockgc_flush_all', 'xfs_freecounter_enospc', 'xfs_file_direct_write', 'xfs_end_io_direct_write',
  'xfs_reflink_bounce_dio_write', 'xfs_ioc_free_eofblocks', 'xfs_reflink_cancel_cow_range',
];

/**
 * What the quota recorder (a Linux 6.1 guest under QEMU) enables on top of DEFAULT_EVENTS: the dquot
 * transaction events, the quota timer range and the blockgc start/stop of mount and unmount.
 */
export const QUOTA_RECORDER_EVENTS: readonly string[] = [
  'xfs_trans_mod_dquot', 'xfs_dquot_dqalloc', 'xfs_quota_expiry_range', 'xfs_reflink_cow_enospc',
  'xfs_blockgc_start', 'xfs_blockgc_stop',
];

/**
 * Printed hex strings, remembered: with capture on, every event's fields are retained, and most of
 * them repeat (the inode, the size, the write length, the extent a run of writes lands in; a write's
 * pos is printed by two or three events in a row). Handing out one string per value instead of a new
 * one per field keeps the retained trace small and the GC's copying work down. Small values are in a
 * table; others in a direct-mapped memo keyed by the exact number.
 */
const SMALL_HEX: string[] = [];
const MEMO_BITS = 12;
const memoKey = new Float64Array(1 << MEMO_BITS).fill(Number.NaN);
const memoVal: string[] = new Array<string>(1 << MEMO_BITS).fill('');

/** Lower-case hex with the 0x prefix, as %llx after a literal 0x prints it. */
export function hex(n: number): string {
  if (n >= 0 && n < 65536 && (n | 0) === n) return (SMALL_HEX[n] ??= '0x' + n.toString(16));
  // Mix the low and high 32 bits (offsets are multiples of 4096: the low bits alone collide).
  const i = Math.imul((n | 0) ^ ((n / 4294967296) | 0), 0x9e3779b1) >>> (32 - MEMO_BITS);
  if (memoKey[i] === n) return memoVal[i];
  const s = '0x' + n.toString(16);
  memoKey[i] = n;
  memoVal[i] = s;
  return s;
}

/**
 * The trace buffer. `capture` off makes every `on()` false, so callers skip building fields:
 * the write path stays cheap when nobody watches.
 */
export class Tracer {
  readonly events: TraceEvent[] = [];
  /** Current task name (trace ctx): xfs_io, cp, sync, kworker, ... */
  ctx = 'bash';
  /** Index of the current run step, stamped on each event. */
  step = 0;
  private readonly enabled: Set<string> | null;

  /**
   * @param capture whether events are recorded at all
   * @param events the enabled event names (null = every event)
   */
  constructor(
    public capture: boolean,
    events: readonly string[] | null = DEFAULT_EVENTS,
  ) {
    this.enabled = events ? new Set(events) : null;
  }

  /** Whether `event` would be recorded; check before building its fields. */
  on(event: string): boolean {
    return this.capture && (this.enabled === null || this.enabled.has(event));
  }

  /** Record an event (no-op unless on(event)). `ctx` overrides the current task (e.g. kworker). */
  emit(event: string, fields: Record<string, string>, ctx?: string): void {
    if (!this.on(event)) return;
    this.events.push({ event, ctx: ctx ?? this.ctx, fields, step: this.step });
  }

  /** The enabled event list (for oracle-json `events_enabled`). */
  enabledEvents(): string[] {
    return this.enabled ? [...this.enabled] : [];
  }
}
