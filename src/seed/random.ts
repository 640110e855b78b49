/**
 * A seeded pseudo-random source (mulberry32): the same --seed gives the same
 * data set, which a benchmark needs to compare runs.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Log-normal with mean 1: most values near 1, a long tail of large ones. */
  skewed(sigma: number): number {
    const u = 1 - this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    return Math.exp(sigma * z - (sigma * sigma) / 2);
  }

  /** Shuffles in place (Fisher-Yates). */
  shuffle<A extends { length: number; [i: number]: unknown }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const kept = items[i];
      items[i] = items[j];
      items[j] = kept;
    }
    return items;
  }
}

/**
 * Draws indexes in [0, n) with Zipf weights 1/(rank+1)^exponent, ranks given
 * by a random permutation: a few are drawn very often, most rarely (who gets
 * followed on a social network). O(log n) a draw.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;
  private readonly indexOfRank: Uint32Array;

  constructor(n: number, exponent: number, random: Random) {
    this.indexOfRank = random.shuffle(Uint32Array.from({ length: n }, (_, i) => i));
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let rank = 0; rank < n; rank++) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
  }

  draw(random: Random): number {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid] <= target) low = mid + 1;
      else high = mid;
    }
    return this.indexOfRank[low];
  }
}
