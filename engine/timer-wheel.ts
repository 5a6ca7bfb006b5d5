/**
 * When delayed work fires (kernel/time/timer.c, the timer wheel): the simulated clock in jiffies,
 * and the rounding that makes a timer of a few seconds fire a fraction of a second late.
 *
 * queue_delayed_work(wq, work, delay) arms a timer for jiffies + delay. The wheel files a timer in the
 * level whose range holds the delay — level n has a granularity of 8^n jiffies and takes delays below
 * 63 * 8^n — at the end of the granule its expiry falls in, so it never fires early: at
 * (floor(expires / 8^n) + 1) * 8^n. At HZ=250 a 5 s delay (the flusher's wakeup, 1250 jiffies) is in
 * level 2 (granules of 64 jiffies, 256 ms): a flusher that re-arms itself every 5 s wakes every 5.12 s,
 * which is what recording 41 shows (written back 30.83 s after the dirtying, at the sixth wakeup) and
 * 42 shows for 1 s (level 1, 32 ms granules: every 1.024 s). A 300 s blockgc delay is in level 4
 * (16.4 s granules).
 */

/** CONFIG_HZ of the recording machines' kernels (Debian's 6.1 and the 6.18 host). */
export const HZ = 250;
/** One jiffy in microseconds. */
export const TICK_US = 1_000_000 / HZ;
/** INITIAL_JIFFIES: the counter starts 300 s before wrapping 32 bits, (unsigned int)(-300 * HZ). */
const INITIAL_JIFFIES = 2 ** 32 - 300 * HZ;
const LVL_CLK_SHIFT = 3;
const LVL_DEPTH = 9;

/** The jiffies counter at simulated time `us` (microseconds since boot). */
export function jiffiesAt(us: number): number {
  return INITIAL_JIFFIES + Math.floor(us / TICK_US);
}

/** msecs_to_jiffies / usecs_to_jiffies: a delay rounded up to whole ticks. */
export function delayJiffies(us: number): number {
  return Math.ceil(us / TICK_US);
}

/**
 * The simulated time (microseconds) at which a timer armed at `nowUs` for `delayUs` fires: the end of
 * the wheel granule holding its expiry (calc_wheel_index / calc_index).
 */
export function timerFiresAtUs(nowUs: number, delayUs: number): number {
  const delta = delayJiffies(delayUs);
  const expires = jiffiesAt(nowUs) + delta;
  let lvl = 0;
  // LVL_START(n + 1) = 63 << (n * LVL_CLK_SHIFT): the first level whose range holds the delta.
  while (lvl < LVL_DEPTH - 1 && delta >= 63 * 2 ** (lvl * LVL_CLK_SHIFT)) lvl++;
  const gran = 2 ** (lvl * LVL_CLK_SHIFT);
  const bucket = (Math.floor(expires / gran) + 1) * gran;
  return (bucket - INITIAL_JIFFIES) * TICK_US;
}
