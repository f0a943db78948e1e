/**
 * Cash budget per store: fund suggestions in the order of margin protected per yuan.
 *
 * Each suggestion is cut into pack-sized steps (the first step is the supplier minimum, rounded up
 * to packs). A step's value is the expected lost margin it avoids in the coming cycle: the drop in
 * expected units short times (price - cost). Expected shortage is convex in stock, so successive
 * steps of one SKU are worth less and less; funding the best step per yuan that still fits, again
 * and again, is therefore the greedy knapsack order, and partial orders come out in whole packs.
 */
import { CodedError } from '../errors.ts';
import type { Suggestion } from './suggest.ts';

export interface BudgetLine {
  /** Position of the suggestion in the input array. */
  readonly index: number;
  /** 1 = funded first; unfunded lines come last with rank null. */
  readonly rank: number | null;
  readonly approvedQuantity: number;
  readonly cash: number;
  readonly marginProtected: number;
}

export interface BudgetPlan {
  readonly lines: readonly BudgetLine[];
  readonly budget: number;
  readonly spent: number;
  readonly marginProtected: number;
}

interface Cursor {
  packs: number;
  rank: number | null;
}

export function rankUnderBudget(suggestions: readonly Suggestion[], budget: number): BudgetPlan {
  if (!(budget >= 0) || !Number.isFinite(budget)) throw new CodedError('BAD_ARGUMENT', `budget must be a finite number >= 0, got ${budget}`);
  const cursors: Cursor[] = suggestions.map(() => ({ packs: 0, rank: null }));
  let remaining = budget;
  let nextRank = 1;
  for (;;) {
    let best = -1;
    let bestRatio = -Infinity;
    let bestStep = 0;
    for (let i = 0; i < suggestions.length; i++) {
      const s = suggestions[i] as Suggestion;
      const c = cursors[i] as Cursor;
      const step = nextStep(s, c.packs);
      if (step === 0) continue;
      const cost = step * s.packSize * s.unitCost;
      if (cost > remaining + 1e-9) continue;
      const gain = (s.marginByPacks[c.packs + step] ?? 0) - (s.marginByPacks[c.packs] ?? 0);
      const ratio = cost > 0 ? gain / cost : Infinity;
      if (ratio > bestRatio) {
        best = i;
        bestRatio = ratio;
        bestStep = step;
      }
    }
    if (best < 0) break;
    const s = suggestions[best] as Suggestion;
    const c = cursors[best] as Cursor;
    remaining -= bestStep * s.packSize * s.unitCost;
    c.packs += bestStep;
    if (c.rank === null) c.rank = nextRank++;
  }
  const lines: BudgetLine[] = suggestions.map((s, index) => {
    const c = cursors[index] as Cursor;
    const approvedQuantity = c.packs * s.packSize;
    return {
      index,
      rank: c.rank,
      approvedQuantity,
      cash: approvedQuantity * s.unitCost,
      marginProtected: s.marginByPacks[c.packs] ?? 0,
    };
  });
  lines.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.index - b.index);
  return {
    lines,
    budget,
    spent: lines.reduce((t, l) => t + l.cash, 0),
    marginProtected: lines.reduce((t, l) => t + l.marginProtected, 0),
  };
}

/** Packs in the next fundable step: the minimum order first, then one pack at a time. */
function nextStep(s: Suggestion, funded: number): number {
  const total = Math.round(s.quantity / s.packSize);
  if (funded >= total) return 0;
  if (funded > 0) return 1;
  return Math.min(total, Math.max(1, Math.ceil(s.minOrderUnits / s.packSize - 1e-9)));
}
