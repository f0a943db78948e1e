/**
 * Seeded random draws for simulations and tests. Reproducible runs matter more than speed here, so
 * everything derives from one 32-bit state that a test can fix.
 */

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
}

/** The same stream as a plain function, for tests and benches that want `() => number`. */
export function uniforms(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.uniform();
}

/** Mulberry32: tiny, fast, and good enough for Monte Carlo at the scale of a backtest. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    uniform(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

export function normal(rng: Rng): number {
  // Box-Muller; the 1 - u guard keeps log away from zero.
  const u = 1 - rng.uniform();
  const v = rng.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, scale) by Marsaglia and Tsang, with the shape < 1 boost. */
export function gamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) {
    const g = gamma(rng, shape + 1, scale);
    return g * Math.pow(1 - rng.uniform(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/** Poisson by sequential inversion for small means, normal approximation past 500 (backtests never get there). */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  // Inversion from zero costs O(mean) steps, which is cheap for shop-level daily counts.
  const u = rng.uniform();
  let p = Math.exp(-mean);
  let k = 0;
  let cdf = p;
  while (u > cdf && k < 10_000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/**
 * Negative binomial with mean `mean` and size `size` (variance = mean + mean^2 / size), as the
 * gamma-Poisson mixture. size = Infinity gives Poisson.
 */
export function negBinomial(rng: Rng, mean: number, size: number): number {
  if (!(mean > 0)) return 0;
  if (!Number.isFinite(size)) return poisson(rng, mean);
  return poisson(rng, gamma(rng, size, mean / size));
}
