/**
 * glibc's random()/srandom() (stdlib/random_r.c, TYPE_3), so that tools which draw offsets from
 * random() — `xfs_io pwrite -R -Z <seed>` calls srandom(seed) then random() per write — pick the
 * same offsets as on a real Linux box.
 *
 * TYPE_3 is an additive lagged-Fibonacci generator over 31 int32 words: r[i] = r[i-3] + r[i-31]
 * (mod 2^32), output r[i] >> 1. srandom seeds the table with the Park-Miller "minimal standard"
 * LCG (16807 * x mod 2^31-1, via Schrage's method as glibc does), then discards 310 outputs.
 */

/** Words of state for TYPE_3 (DEG_3). */
const DEG = 31;
/** Distance between the front and rear pointers (SEP_3). */
const SEP = 3;
/** Outputs thrown away after seeding, 10 * DEG_3 (srandom_r's `kc * 10`). */
const DISCARD = 10 * DEG;

/**
 * A glibc random() generator. A fresh instance is in the state of a process that never called
 * srandom (glibc's initial table is exactly srandom(1)'s). Deterministic and allocation-free.
 */
export class GlibcRandom {
  /** The state table (glibc's randtbl[1..31]). */
  private readonly r = new Int32Array(DEG);
  /** Index of the front pointer (fptr). */
  private f = SEP;
  /** Index of the rear pointer (rptr). */
  private b = 0;

  /** Creates a generator seeded with srandom(seed); the default 1 matches an unseeded process. */
  constructor(seed = 1) {
    this.srandom(seed);
  }

  /**
   * srandom(seed): `seed` is taken as C's `unsigned int` (reduced mod 2^32) and stored as int32_t,
   * exactly as srandom_r does (`| 0` is that reduction); seed 0 is replaced by 1.
   */
  srandom(seed: number): void {
    const r = this.r;
    let word = seed | 0;
    if (word === 0) word = 1;
    r[0] = word;
    for (let i = 1; i < DEG; i++) {
      // Schrage: 16807 * word mod (2^31 - 1) without overflowing 32 bits. C's / and % truncate
      // toward zero, which matters for negative seeds.
      const hi = Math.trunc(word / 127773);
      const lo = word - hi * 127773;
      word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      r[i] = word;
    }
    this.f = SEP;
    this.b = 0;
    for (let i = 0; i < DISCARD; i++) this.random();
  }

  /** random(): the next value in [0, 2^31 - 1]. */
  random(): number {
    const r = this.r;
    const v = (r[this.f] + r[this.b]) | 0;
    r[this.f] = v;
    if (++this.f >= DEG) this.f = 0;
    if (++this.b >= DEG) this.b = 0;
    return v >>> 1;
  }
}
