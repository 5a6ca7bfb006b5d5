import { describe, expect, it } from 'vitest';
import { HZ, TICK_US, jiffiesAt, timerFiresAtUs } from '../timer-wheel.js';

describe('timer wheel (when delayed work fires)', () => {
  it('counts jiffies at HZ=250 from INITIAL_JIFFIES', () => {
    expect(HZ).toBe(250);
    expect(jiffiesAt(0)).toBe(2 ** 32 - 75000);
    expect(jiffiesAt(3999) - jiffiesAt(0)).toBe(0);
    expect(jiffiesAt(4000) - jiffiesAt(0)).toBe(1);
  });

  it('fires a level-0 timer one tick after its expiry, and rounds longer ones up to their level granule', () => {
    const at0 = (delayJ: number) => (timerFiresAtUs(0, delayJ * TICK_US) / TICK_US);
    expect(at0(1)).toBe(2);
    expect(at0(62)).toBe(63);
    // 63..503 jiffies: 8-jiffy granules; INITIAL_JIFFIES is 8 mod 64, so boundaries sit at 8k - 8 here.
    expect(at0(63) % 8).toBe(0);
    expect(at0(250)).toBe(256); // the 1 s flusher interval: 1.024 s
    expect(at0(1250)).toBe(1272); // 5 s: the next 64-jiffy boundary past it
    expect((at0(75000) - 75000)).toBeLessThanOrEqual(4096); // 300 s: 16.4 s granules
  });

  it('never fires early and at most one granule late', () => {
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const now = seed % 1e9;
      const delay = (seed >>> 3) % 4e8;
      const fires = timerFiresAtUs(now, delay);
      expect(fires).toBeGreaterThanOrEqual(now + delay);
      const delta = Math.ceil(delay / TICK_US);
      let gran = 1;
      while (delta >= 63 * gran && gran < 8 ** 8) gran *= 8;
      expect(fires - (now + delay)).toBeLessThanOrEqual((gran + 1) * TICK_US);
    }
  });

  it('makes a self-re-arming 5 s timer tick every 5.12 s', () => {
    let t = timerFiresAtUs(0, 5e6);
    const ticks = [t];
    for (let i = 0; i < 5; i++) ticks.push((t = timerFiresAtUs(t, 5e6)));
    expect(ticks.map((x) => x / 1e6)).toEqual([5.088, 10.208, 15.328, 20.448, 25.568, 30.688]);
  });
});
