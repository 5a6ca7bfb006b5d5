/**
 * Dquots in transactions (fs/xfs/xfs_trans_dquot.c): a transaction's per-dquot deltas (struct
 * xfs_dqtrx) recorded by xfs_trans_mod_dquot — which is what the `xfs_trans_mod_dquot` trace event
 * prints — and applied to the in-core dquots at commit; the limit check of a reservation
 * (xfs_dqresv_check) and xfs_trans_dqresv / xfs_trans_reserve_quota_bydquots, which reserve with or
 * without a transaction (delalloc reserves without one, untraced).
 */
import { XfsError } from './xfs-errors.js';
import {
  DQ_TYPES, adjustDqlimits, adjustResTimer, type DefQuota, type DqType, type DquotRes, type XfsDquot,
} from './xfs-dquot.js';
import { hex, type Tracer } from './xfs-trace.js';

/** The xfs_trans_mod_dquot fields the engine uses (XFS_TRANS_DQ_*, printed by name). */
export type DqField = 'RES_REGBLKS' | 'RES_INOS' | 'BCOUNT' | 'DELBCOUNT' | 'ICOUNT';

/** What a transaction needs of the quota manager. */
export interface DqContext {
  readonly tracer: Tracer;
  /** ktime_get_real_seconds(): grace timers are wall-clock seconds. */
  nowSecs(): number;
  /** The type's defaults (limits and grace periods of its id-0 dquot). */
  defquota(type: DqType): DefQuota;
  /** xfs_dquot_is_enforced: enforcement is on for this type. */
  enforced(type: DqType): boolean;
}

/** struct xfs_dqtrx: one dquot's changes in one transaction. */
interface Dqtrx {
  dq: XfsDquot;
  blkRes: number;
  bcountDelta: number;
  delbcntDelta: number;
  inoRes: number;
  inoResUsed: number;
  icountDelta: number;
}

/** The quota side of one transaction (tp->t_dqinfo). */
export class DqTrans {
  private readonly slots: Dqtrx[] = [];

  constructor(private readonly ctx: DqContext) {}

  private slot(dq: XfsDquot): Dqtrx {
    let q = this.slots.find((s) => s.dq === dq);
    if (!q) {
      q = { dq, blkRes: 0, bcountDelta: 0, delbcntDelta: 0, inoRes: 0, inoResUsed: 0, icountDelta: 0 };
      this.slots.push(q);
    }
    return q;
  }

  /**
   * xfs_trans_mod_dquot: record a delta (a zero delta is ignored, untraced). The trace shows the
   * dquot's flags as they are now: DIRTY only once an earlier transaction has committed.
   */
  mod(dq: XfsDquot, field: DqField, delta: number): void {
    if (!delta) return;
    const q = this.slot(dq);
    const tr = this.ctx.tracer;
    if (tr.on('xfs_trans_mod_dquot')) {
      tr.emit('xfs_trans_mod_dquot', {
        dquot_id: hex(dq.id), type: dq.traceType(), flags: dq.dirty ? 'DIRTY' : '', field, delta: String(delta),
      });
    }
    switch (field) {
      case 'RES_REGBLKS': q.blkRes += delta; break;
      case 'RES_INOS': q.inoRes += delta; break;
      case 'BCOUNT': q.bcountDelta += delta; break;
      case 'DELBCOUNT': q.delbcntDelta += delta; break;
      case 'ICOUNT':
        if (q.inoRes && delta > 0) q.inoResUsed += delta;
        q.icountDelta += delta;
        break;
    }
  }

  /** Whether the transaction touched any dquot. */
  get empty(): boolean {
    return this.slots.length === 0;
  }

  /**
   * xfs_trans_apply_dquot_deltas: counts move, timers start or stop (non-zero ids), the dquots
   * become DIRTY (and bigtime), and what is left of each reservation goes back.
   */
  commit(): void {
    for (const type of DQ_TYPES) {
      for (const q of this.slots) {
        const dq = q.dq;
        if (dq.type !== type) continue;
        dq.blk.count += q.bcountDelta + q.delbcntDelta;
        dq.ino.count += q.icountDelta;
        if (dq.id !== 0) {
          const defq = this.ctx.defquota(type);
          adjustDqlimits(dq, defq);
          const now = this.ctx.nowSecs();
          adjustResTimer(dq.blk, defq.blk.time, now);
          adjustResTimer(dq.ino, defq.ino.time, now);
        }
        dq.dirty = true;
        if (dq.id !== 0) dq.bigtime = true;
        applyReservationDeltas(dq.blk, q.blkRes, Math.max(0, q.bcountDelta), q.bcountDelta);
        applyReservationDeltas(dq.ino, q.inoRes, q.inoResUsed, q.icountDelta);
      }
    }
    this.slots.length = 0;
  }

  /** xfs_trans_unreserve_and_mod_dquots: a cancelled transaction gives its reservations back. */
  cancel(): void {
    for (const q of this.slots) {
      q.dq.blk.reserved -= q.blkRes;
      q.dq.ino.reserved -= q.inoRes;
    }
    this.slots.length = 0;
  }
}

/**
 * xfs_apply_quota_reservation_deltas: `reserved` tracks usage plus reservations, so an unused
 * transaction reservation is taken off, and usage nobody reserved for is added.
 */
function applyReservationDeltas(res: DquotRes, reserved: number, used: number, countDelta: number): void {
  if (reserved !== 0) res.reserved -= Math.abs(reserved - used);
  else if (countDelta !== 0) res.reserved += countDelta;
}

/** xfs_dqresv_check: would `delta` more go over a limit? Returns true when the reservation is fatal. */
function dqresvFatal(res: DquotRes, lim: { soft: number; hard: number }, delta: number, now: number): boolean {
  if (delta <= 0) return false;
  const hard = res.hardlimit || lim.hard;
  const soft = res.softlimit || lim.soft;
  const total = res.reserved + delta;
  if (hard && total > hard) return true;
  // Past the soft limit only fails once the grace timer has expired.
  if (soft && total > soft) return res.timer !== 0 && now > res.timer;
  return false;
}

/**
 * xfs_trans_dqresv: check the limits (unless forced, for id 0, or when not enforcing), then reserve.
 * A project dquot over its limit answers ENOSPC, the others EDQUOT. With a transaction the
 * reservation is recorded (and traced) in it; without one (delalloc) it is not.
 */
export function dqresv(
  ctx: DqContext, tp: DqTrans | null, dq: XfsDquot, nblks: number, ninos: number, force: boolean,
): void {
  if (!force && dq.id !== 0 && ctx.enforced(dq.type)) {
    const defq = ctx.defquota(dq.type);
    const now = ctx.nowSecs();
    if (dqresvFatal(dq.blk, defq.blk, nblks, now) || dqresvFatal(dq.ino, defq.ino, ninos, now)) {
      throw new XfsError(dq.type === 'project' ? 'ENOSPC' : 'EDQUOT');
    }
  }
  dq.blk.reserved += nblks;
  dq.ino.reserved += ninos;
  if (tp) {
    tp.mod(dq, 'RES_REGBLKS', nblks);
    tp.mod(dq, 'RES_INOS', ninos);
  }
}

/**
 * xfs_trans_reserve_quota_bydquots: reserve against each dquot (user, group, project), all or
 * nothing — on failure the reservations already made are unwound (forced, and traced when in a
 * transaction, as the kernel does).
 */
export function reserveBydquots(
  ctx: DqContext, tp: DqTrans | null, dqs: readonly XfsDquot[], nblks: number, ninos: number, force: boolean,
): void {
  const done: XfsDquot[] = [];
  try {
    for (const dq of dqs) {
      dqresv(ctx, tp, dq, nblks, ninos, force);
      done.push(dq);
    }
  } catch (e) {
    for (const dq of done.reverse()) dqresv(ctx, tp, dq, -nblks, -ninos, true);
    throw e;
  }
}
