/**
 * Reconciliation speed at the per-machine scale: one province / 2 counties / 20 towns / 1,000
 * villages (1,023 nodes), h = 28, 56 residual steps, 300 SKUs. Prints ms per SKU for each method
 * in two demand regimes: smooth (village mean 5: the non-negativity constraint rarely binds) and
 * sparse (village mean 0.3: many villages held at zero). Base forecast errors persist along the
 * horizon (mostly a per-village bias) as real forecasts do; with independent errors at every step
 * the zero set changes every step and sparse mintShrink is several times slower (see
 * docs/reconciliation.md). Run: npx tsx bench/reconcile-speed.ts [skus]
 */
import { fromParents, maxIncoherence, type Hierarchy } from '../pipelines/reconcile/hierarchy.ts';
import { bottomUp, mintShrink, wlsVar, type ReconcileResult } from '../pipelines/reconcile/methods.ts';
import { uniforms } from '../pipelines/restock/random.ts';

function villageTree(): Hierarchy {
  const parent = [-1, 0, 0];
  for (let t = 0; t < 20; t++) parent.push(1 + (t % 2));
  for (let v = 0; v < 1000; v++) parent.push(3 + (v % 20));
  return fromParents(
    parent.map((_, i) => `n${i}`),
    Int32Array.from(parent),
  );
}

const rng = uniforms;

interface Sku {
  readonly base: Float64Array;
  readonly residuals: Float64Array;
}

/** Base forecasts = truth + error, errors with a shared town-level shock so MinT has something to use. */
function makeSku(tree: Hierarchy, u: () => number, mean: number, h: number, t: number): Sku {
  const n = tree.parent.length;
  const z = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  // A forecast's error is mostly a bias that persists along the horizon (a village forecast too
  // high stays too high), as with real level-plus-season models; the rest is fresh each step.
  const persistent = new Float64Array(n);
  const draw = (count: number, withTruth: boolean): Float64Array => {
    const m = new Float64Array(n * count);
    for (let i = 0; i < n; i++) persistent[i] = z();
    for (let k = 0; k < count; k++) {
      const shock = new Float64Array(n);
      const week = 1 + 0.3 * Math.sin((2 * Math.PI * k) / 7);
      for (let i = 0; i < n; i++) {
        const p = tree.parent[i]!;
        const own = withTruth ? 0.8 * persistent[i]! + 0.6 * z() : z();
        shock[i] = (p >= 0 ? 0.5 * shock[p]! : 0) + own;
        const sd = Math.sqrt(mean * tree.leafCount[i]!);
        m[i * count + k] = (withTruth ? week * mean * tree.leafCount[i]! : 0) + sd * shock[i]!;
      }
    }
    return m;
  };
  return { base: draw(h, true), residuals: draw(t, false) };
}

const skus = Number(process.argv[2] ?? 300);
const h = 28;
const t = 56;
const tree = villageTree();
const n = tree.parent.length;
console.log(`tree: ${n} nodes, ${tree.leaves.length} leaves, ${tree.aggregates.length} aggregates; h=${h}, T=${t}, ${skus} SKUs`);
for (const [regime, mean] of [
  ['smooth', 5],
  ['sparse', 0.3],
] as const) {
  const u = rng(42);
  const data = Array.from({ length: skus }, () => makeSku(tree, u, mean, h, t));
  const methods: [string, (s: Sku) => ReconcileResult][] = [
    ['bottomUp', (s) => bottomUp(tree, s.base, h)],
    ['wlsVar', (s) => wlsVar(tree, s.base, h, s.residuals, t)],
    ['mintShrink', (s) => mintShrink(tree, s.base, h, s.residuals, t)],
  ];
  for (const [name, run] of methods) {
    let worst = 0;
    let constrained = 0;
    let clipped = 0;
    let lambda = 0;
    const t0 = performance.now();
    for (const s of data) {
      const r = run(s);
      worst = Math.max(worst, maxIncoherence(tree, r.values, h));
      constrained += r.constrainedSteps;
      clipped += r.clippedSteps;
      lambda += (r.lambda ?? Number.NaN) / skus;
      if (r.method !== r.requested) throw new Error(`${name} fell back: ${r.fallbackReason}`);
    }
    const ms = (performance.now() - t0) / skus;
    console.log(
      `${regime.padEnd(6)} ${name.padEnd(10)} ${ms.toFixed(2).padStart(8)} ms/SKU  ` +
        `constrained steps ${((100 * constrained) / (skus * h)).toFixed(0)}%  clipped ${clipped}  ` +
        `max incoherence ${worst.toExponential(1)}${Number.isNaN(lambda) ? '' : `  mean lambda ${lambda.toFixed(3)}`}`,
    );
  }
}
