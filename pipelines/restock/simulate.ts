/**
 * The restock backtest core: replay true daily demand against an ordering policy.
 *
 * Each day, in order: on a review day the policy decides an order, which arrives leadTimeDays
 * later (0 = before today's trade); arrivals due today are shelved; customers buy min(demand, stock)
 * oldest stock first, and the rest is lost (a rural shopper who finds the shelf empty buys in the
 * next village, not later here); at close, perishable units past their last sellable day are
 * thrown away. Policies see only what a shop would record: daily sales, and a flag for days that
 * closed with an empty shelf (their demand is censored). Never the true demand.
 */
import { CodedError } from '../errors.ts';

export interface PipelineOrder {
  readonly qty: number;
  readonly arrivalDay: number;
}

export interface ShelfBatch {
  readonly qty: number;
  /** Last day index on which the batch can be sold (Infinity = does not expire). */
  readonly lastDay: number;
}

export interface SimState {
  readonly day: number;
  readonly onHand: number;
  readonly onOrder: number;
  readonly pipeline: readonly PipelineOrder[];
  /** On-hand stock by batch, oldest first. */
  readonly batches: readonly ShelfBatch[];
  /** Observed sales for days 0..day-1 (censored where the shelf ran empty). */
  readonly sales: Float64Array;
  /** 1 where the day closed with an empty shelf, days 0..day-1. */
  readonly censored: Uint8Array;
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
  readonly shelfLifeDays: number | null;
}

export interface Policy {
  readonly name: string;
  /** Units to order today (rounded by the policy itself); called on review days only. */
  decide(state: SimState): number;
}

export interface SimParams {
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
  /** Leading days of trueDemand the policies see as clean sales history; the replay starts after. */
  readonly historyDays: number;
  /** Stock on the shelf when the replay starts. @defaultValue history mean x (L + R), rounded */
  readonly initialOnHand?: number;
  readonly shelfLifeDays?: number | null;
  /** Replay days left out of the metrics while the start-up stock washes out. @defaultValue L + R */
  readonly warmupDays?: number;
}

export interface SimMetrics {
  readonly policy: string;
  /** Days counted in the metrics. */
  readonly days: number;
  readonly demand: number;
  readonly sold: number;
  readonly lost: number;
  /** Units sold / units demanded (1 when nothing was demanded). */
  readonly fillRate: number;
  /** Days that closed with an empty shelf and unmet demand. */
  readonly stockoutDays: number;
  /** Mean of closing on-hand stock per day. */
  readonly averageOnHand: number;
  readonly wasteUnits: number;
  readonly ordersPlaced: number;
  readonly unitsOrdered: number;
}

export function simulate(trueDemand: Float64Array, policy: Policy, params: SimParams): SimMetrics {
  const n = trueDemand.length;
  const L = params.leadTimeDays;
  const R = params.reviewPeriodDays;
  const H = params.historyDays;
  const shelf = params.shelfLifeDays ?? null;
  checkParams(n, params);
  const warmup = params.warmupDays ?? L + R;

  const sales = new Float64Array(n);
  const censored = new Uint8Array(n);
  let historyTotal = 0;
  for (let t = 0; t < H; t++) {
    sales[t] = trueDemand[t] ?? 0;
    historyTotal += sales[t] ?? 0;
  }
  const initial = params.initialOnHand ?? Math.round((H > 0 ? historyTotal / H : 0) * (L + R));
  let batches: { qty: number; lastDay: number }[] = initial > 0 ? [{ qty: initial, lastDay: shelf === null ? Infinity : H + shelf - 1 }] : [];
  let pipeline: PipelineOrder[] = [];

  let demand = 0;
  let sold = 0;
  let stockoutDays = 0;
  let onHandSum = 0;
  let waste = 0;
  let orders = 0;
  let unitsOrdered = 0;
  let counted = 0;

  for (let t = H; t < n; t++) {
    const measuring = t >= H + warmup;
    if ((t - H) % R === 0) {
      const onHand = batches.reduce((s, b) => s + b.qty, 0);
      const q = policy.decide({
        day: t,
        onHand,
        onOrder: pipeline.reduce((s, o) => s + o.qty, 0),
        pipeline,
        batches,
        sales: sales.subarray(0, t),
        censored: censored.subarray(0, t),
        leadTimeDays: L,
        reviewPeriodDays: R,
        shelfLifeDays: shelf,
      });
      if (!(q >= 0) || !Number.isFinite(q)) throw new CodedError('BAD_ARGUMENT', `policy ${policy.name} ordered ${q} on day ${t}`);
      if (q > 0) {
        pipeline = [...pipeline, { qty: q, arrivalDay: t + L }];
        if (measuring) {
          orders += 1;
          unitsOrdered += q;
        }
      }
    }
    if (pipeline.some((o) => o.arrivalDay <= t)) {
      for (const o of pipeline) if (o.arrivalDay <= t) batches.push({ qty: o.qty, lastDay: shelf === null ? Infinity : t + shelf - 1 });
      pipeline = pipeline.filter((o) => o.arrivalDay > t);
    }

    const d = trueDemand[t] ?? 0;
    let want = d;
    for (const b of batches) {
      if (want <= 0) break;
      const take = Math.min(b.qty, want);
      b.qty -= take;
      want -= take;
    }
    const sale = d - want;
    sales[t] = sale;
    let closing = 0;
    let expired = 0;
    const kept: { qty: number; lastDay: number }[] = [];
    for (const b of batches) {
      if (b.qty <= 0) continue;
      if (b.lastDay <= t) expired += b.qty;
      else {
        kept.push(b);
        closing += b.qty;
      }
    }
    batches = kept;
    // The shop only sees that the shelf was empty at close, not whether more customers came.
    censored[t] = closing <= 0 && expired <= 0 ? 1 : 0;
    if (measuring) {
      counted += 1;
      demand += d;
      sold += sale;
      if (want > 0) stockoutDays += 1;
      onHandSum += closing;
      waste += expired;
    }
  }
  return {
    policy: policy.name,
    days: counted,
    demand,
    sold,
    lost: demand - sold,
    fillRate: demand > 0 ? sold / demand : 1,
    stockoutDays,
    averageOnHand: counted > 0 ? onHandSum / counted : 0,
    wasteUnits: waste,
    ordersPlaced: orders,
    unitsOrdered,
  };
}

function checkParams(n: number, p: SimParams): void {
  const intAtLeast = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) throw new CodedError('BAD_ARGUMENT', `${name} must be an integer >= ${min}, got ${v}`);
  };
  intAtLeast('leadTimeDays', p.leadTimeDays, 0);
  intAtLeast('reviewPeriodDays', p.reviewPeriodDays, 1);
  intAtLeast('historyDays', p.historyDays, 0);
  if (p.historyDays >= n) throw new CodedError('BAD_ARGUMENT', `historyDays (${p.historyDays}) leaves nothing to replay in ${n} days`);
  if (p.shelfLifeDays !== undefined && p.shelfLifeDays !== null) intAtLeast('shelfLifeDays', p.shelfLifeDays, 1);
  if (p.initialOnHand !== undefined && !(p.initialOnHand >= 0)) throw new CodedError('BAD_ARGUMENT', 'initialOnHand must be >= 0');
}
