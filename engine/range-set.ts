/**
 * A set of integers kept as sorted, disjoint, coalesced half-open ranges [start, end). Used for
 * dirty and cached page-cache blocks and for AG free space. Two parallel arrays with binary
 * search: appends at the end (the common case: sequential writes) are O(1) amortised.
 */
export class RangeSet {
  private starts: number[] = [];
  private ends: number[] = [];
  private sum = 0;

  /** Index of the last range with start <= x, or -1. */
  private floor(x: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Add [start, end). */
  add(start: number, end: number): void {
    if (end <= start) return;
    const n = this.starts.length;
    if (n === 0 || start > this.ends[n - 1]) {
      this.starts.push(start);
      this.ends.push(end);
      this.sum += end - start;
      return;
    }
    if (start >= this.starts[n - 1] && start <= this.ends[n - 1]) {
      if (end > this.ends[n - 1]) {
        this.sum += end - this.ends[n - 1];
        this.ends[n - 1] = end;
      }
      return;
    }
    // General case: merge every range touching [start, end].
    let i = this.floor(start);
    if (i < 0 || this.ends[i] < start) i++;
    let j = i;
    let s = start;
    let e = end;
    let removed = 0;
    while (j < this.starts.length && this.starts[j] <= end) {
      s = Math.min(s, this.starts[j]);
      e = Math.max(e, this.ends[j]);
      removed += this.ends[j] - this.starts[j];
      j++;
    }
    this.starts.splice(i, j - i, s);
    this.ends.splice(i, j - i, e);
    this.sum += e - s - removed;
  }

  /** Remove [start, end). */
  remove(start: number, end: number): void {
    if (end <= start || this.starts.length === 0) return;
    let i = this.floor(start);
    if (i < 0 || this.ends[i] <= start) i++;
    const newS: number[] = [];
    const newE: number[] = [];
    let j = i;
    while (j < this.starts.length && this.starts[j] < end) {
      const s = this.starts[j];
      const e = this.ends[j];
      this.sum -= e - s;
      if (s < start) {
        newS.push(s);
        newE.push(start);
        this.sum += start - s;
      }
      if (e > end) {
        newS.push(end);
        newE.push(e);
        this.sum += e - end;
      }
      j++;
    }
    if (j > i) {
      this.starts.splice(i, j - i, ...newS);
      this.ends.splice(i, j - i, ...newE);
    }
  }

  /** Whether x is in the set. */
  has(x: number): boolean {
    const i = this.floor(x);
    return i >= 0 && x < this.ends[i];
  }

  /** Whether any of [start, end) is in the set. */
  overlaps(start: number, end: number): boolean {
    if (end <= start) return false;
    let i = this.floor(start);
    if (i >= 0 && this.ends[i] > start) return true;
    i++;
    return i < this.starts.length && this.starts[i] < end;
  }

  /** The ranges, clipped to [start, end), in order. */
  *ranges(start = -Infinity, end = Infinity): Generator<[number, number]> {
    let i = start === -Infinity ? 0 : this.floor(start);
    if (i < 0) i = 0;
    for (; i < this.starts.length && this.starts[i] < end; i++) {
      const s = Math.max(this.starts[i], start);
      const e = Math.min(this.ends[i], end);
      if (e > s) yield [s, e];
    }
  }

  /** The first range, or undefined. */
  first(): [number, number] | undefined {
    return this.starts.length ? [this.starts[0], this.ends[0]] : undefined;
  }

  isEmpty(): boolean {
    return this.starts.length === 0;
  }

  clear(): void {
    this.starts = [];
    this.ends = [];
    this.sum = 0;
  }

  /** Number of integers covered. */
  total(): number {
    return this.sum;
  }

  /** Number of ranges. */
  get count(): number {
    return this.starts.length;
  }

  clone(): RangeSet {
    const r = new RangeSet();
    r.starts = this.starts.slice();
    r.ends = this.ends.slice();
    r.sum = this.sum;
    return r;
  }
}
