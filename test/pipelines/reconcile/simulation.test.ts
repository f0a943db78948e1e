import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../../pipelines/reconcile/hierarchy.ts';
import { bottomUp, mintShrink, wlsStructural } from '../../../pipelines/reconcile/methods.ts';
import { normal, rng } from './helpers.ts';

/**
 * Simulation: total -> M1 (A, B), M2 (C, D). Every node is forecast separately; village C's own
 * forecast is very noisy (sd 6 against 1 for the other villages), while the aggregates' forecasts
 * carry independent information (their errors are partly shared with their children, partly own).
 * MinT-shrink should learn from 60 past residuals that C is the one to correct, and beat
 * bottom-up in mean squared error over the whole hierarchy.
 */
const tree = buildHierarchy([
  ['M1', 'total'],
  ['M2', 'total'],
  ['A', 'M1'],
  ['B', 'M1'],
  ['C', 'M2'],
  ['D', 'M2'],
]);
const n = 7;
const [iA, iB, iC, iD] = ['A', 'B', 'C', 'D'].map((id) => tree.ids.indexOf(id));
const iM1 = tree.ids.indexOf('M1');
const iM2 = tree.ids.indexOf('M2');
const iT = tree.ids.indexOf('total');
const truth = 50;

/** Forecast errors for every node at `count` time steps, n x count row-major. */
function errors(z: () => number, count: number): Float64Array {
  const e = new Float64Array(n * count);
  for (let k = 0; k < count; k++) {
    const leaf = [z(), z(), 6 * z(), z()];
    const set = (i: number, v: number): void => {
      e[i * count + k] = v;
    };
    set(iA!, leaf[0]!);
    set(iB!, leaf[1]!);
    set(iC!, leaf[2]!);
    set(iD!, leaf[3]!);
    set(iM1, 0.3 * (leaf[0]! + leaf[1]!) + 1.5 * z());
    set(iM2, 0.1 * (leaf[2]! + leaf[3]!) + 1.5 * z());
    set(iT, 0.05 * (leaf[0]! + leaf[1]! + leaf[2]! + leaf[3]!) + 2 * z());
  }
  return e;
}

function mse(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const target = tree.isLeaf[i] ? truth : truth * tree.leafCount[i]!;
    for (let k = 0; k < values.length / n; k++) s += (values[i * values.length / n + k]! - target) ** 2;
  }
  return s / values.length;
}

describe('MinT-shrink against bottom-up on simulated forecasts', () => {
  it('has lower MSE than bottom-up on average over seeds, and corrects the noisy village most', () => {
    const seeds = 12;
    const h = 200; // test draws, one per "horizon step": each step is reconciled independently
    const t = 60;
    let mseBu = 0;
    let mseMint = 0;
    let mseWls = 0;
    let mintWins = 0;
    const adjust = new Float64Array(4);
    for (let seed = 1; seed <= seeds; seed++) {
      const z = normal(rng(seed));
      const residuals = errors(z, t);
      const base = errors(z, h);
      for (let i = 0; i < n; i++) {
        const target = tree.isLeaf[i] ? truth : truth * tree.leafCount[i]!;
        for (let k = 0; k < h; k++) base[i * h + k]! += target;
      }
      const bu = mse(bottomUp(tree, base, h).values);
      const mint = mintShrink(tree, base, h, residuals, t);
      expect(mint.method).toBe('mint-shrink');
      const m = mse(mint.values);
      mseBu += bu / seeds;
      mseMint += m / seeds;
      mseWls += mse(wlsStructural(tree, base, h).values) / seeds;
      if (m < bu) mintWins++;
      [iA!, iB!, iC!, iD!].forEach((leaf, l) => {
        for (let k = 0; k < h; k++) adjust[l]! += Math.abs(mint.values[leaf * h + k]! - base[leaf * h + k]!);
      });
    }
    // Bottom-up inherits C's variance of 36 at M2 and total; MinT pulls C toward M2 - D.
    expect(mseMint).toBeLessThan(0.6 * mseBu);
    expect(mintWins).toBe(seeds);
    // Structural WLS does not know C is noisy, so MinT-shrink should beat it too.
    expect(mseMint).toBeLessThan(mseWls);
    const [aA, aB, aC, aD] = adjust;
    expect(aC!).toBeGreaterThan(3 * Math.max(aA!, aB!, aD!));
  });
});
