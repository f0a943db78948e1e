/**
 * Seeded randomness for the generator. xoshiro128** (32-bit lanes, so it runs on plain JS numbers
 * without BigInt in the hot path) seeded through splitmix64, which spreads even tiny or similar
 * seeds over the whole state. Every substream (a store, a file's dirt) derives its own seed from
 * (seed, labels), so the output never depends on the order things are visited in.
 */

const MASK64 = (1n << 64n) - 1n;

/** One splitmix64 step; returns [next state, output]. */
function splitmix64(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

/** FNV-1a over a label, so string labels can feed a seed. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 64-bit seed for a substream named by labels under a master seed. */
export function deriveSeed(seed: number | bigint, ...labels: readonly (string | number)[]): bigint {
  let state = BigInt.asUintN(64, BigInt(seed));
  for (const label of labels) {
    const v = typeof label === 'number' ? BigInt.asUintN(64, BigInt(Math.trunc(label))) : BigInt(hashLabel(label));
    const [s, out] = splitmix64(state ^ v);
    state = s ^ out;
  }
  return state;
}

/** A small fast mixing hash of integers to 32 bits (for stable pseudonyms, not for randomness). */
export function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = NaN;

  constructor(seed: number | bigint) {
    let state = BigInt.asUintN(64, BigInt(seed));
    const words: number[] = [];
    for (let i = 0; i < 2; i++) {
      const [s, out] = splitmix64(state);
      state = s;
      words.push(Number(out & 0xffffffffn), Number(out >> 32n));
    }
    this.a = words[0] ?? 1;
    this.b = words[1] ?? 2;
    this.c = words[2] ?? 3;
    this.d = words[3] ?? 4;
    // xoshiro must never have an all-zero state.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  static derive(seed: number | bigint, ...labels: readonly (string | number)[]): Rng {
    return new Rng(deriveSeed(seed, ...labels));
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform in [0, 1) with 32 bits of resolution (plenty for simulation). */
  float(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Standard normal (Marsaglia polar method, caching the second value). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = NaN;
      return v;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Gamma(shape, scale=1) by Marsaglia & Tsang; shape < 1 via the u^(1/shape) boost. */
  gamma(shape: number): number {
    if (shape < 1) {
      const u = this.float() || 1e-12;
      return this.gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Poisson: Knuth's product method for small means, a rounded normal approximation above 30. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.float();
      while (p > limit) {
        k++;
        p *= this.float();
      }
      return k;
    }
    const x = Math.round(mean + Math.sqrt(mean) * this.normal());
    return x < 0 ? 0 : x;
  }

  /**
   * Negative binomial as a gamma-Poisson mixture with the given mean and size k
   * (variance = mean + mean^2 / k); small k means bursty, mostly-zero demand.
   */
  negBinomial(mean: number, k: number): number {
    if (mean <= 0) return 0;
    return this.poisson((mean / k) * this.gamma(k));
  }

  /** Geometric count of extra units: 0 with probability 1 - p, 1 with p(1 - p), ... */
  geometric(p: number): number {
    let n = 0;
    while (this.float() < p && n < 1000) n++;
    return n;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
