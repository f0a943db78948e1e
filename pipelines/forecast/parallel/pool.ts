import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../errors.ts';
import type { AutoOptions, DemandRoute } from '../auto-engine.ts';
import type { Forecast } from '../types.ts';
import { packSeries, type BatchRequest, type BatchResponse, type PackedForecasts } from './protocol.ts';

/** Options of the worker pool. */
export interface PoolOptions {
  /** Worker threads. @defaultValue os.availableParallelism() */
  readonly workers?: number;
  /** Series per message: large enough to amortise messaging, small enough to balance load. @defaultValue 64 */
  readonly batchSize?: number;
}

/** `residuals`: the trailing one-step residuals asked for (forecastMany's residualDays), NaN where unknown. */
export type PooledForecast = Forecast & { readonly route: DemandRoute; readonly residuals?: Float64Array };

/** Views into the batch's one buffer: no copy per series. */
function unpackForecasts(p: PackedForecasts): PooledForecast[] {
  const out: PooledForecast[] = [];
  let at = 0;
  p.models.forEach((model, i) => {
    const mean = p.data.subarray(at, at + p.h);
    at += p.h;
    const quantiles = new Map<number, Float64Array>();
    for (const level of p.levels[i]!) {
      quantiles.set(level, p.data.subarray(at, at + p.h));
      at += p.h;
    }
    const residuals = p.residualDays > 0 ? p.data.subarray(at, at + p.residualDays) : undefined;
    at += p.residualDays;
    out.push({ model, route: p.routes[i] as DemandRoute, mean, quantiles, ...(residuals ? { residuals } : {}) });
  });
  return out;
}

/**
 * Worker threads that run autoForecast over many series. Each worker takes one batch at a time, so a slow
 * batch does not hold back the others; results come back in input order.
 */
export class ForecastPool {
  private readonly workers: Worker[];
  private readonly batchSize: number;
  private nextId = 0;
  private closed = false;

  private constructor(count: number, batchSize: number) {
    const entry = new URL('./worker-entry.js', import.meta.url);
    this.workers = Array.from({ length: count }, () => new Worker(entry));
    this.batchSize = batchSize;
  }

  static create(options: PoolOptions = {}): ForecastPool {
    const count = options.workers ?? availableParallelism();
    if (!Number.isInteger(count) || count < 1) throw new CodedError('BAD_ARGUMENT', `workers must be >= 1, got ${count}`);
    return new ForecastPool(count, Math.max(1, options.batchSize ?? 64));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Forecasts every series; the inputs are packed into a copy before transfer, so the caller keeps its arrays. */
  async forecastMany(series: readonly Float64Array[], h: number, options: AutoOptions = {}, residualDays = 0): Promise<PooledForecast[]> {
    if (this.closed) throw new CodedError('INTERNAL', 'the forecast pool is closed');
    const results: PooledForecast[] = new Array(series.length);
    let cursor = 0;
    const runWorker = async (worker: Worker): Promise<void> => {
      while (cursor < series.length) {
        const start = cursor;
        cursor = Math.min(series.length, cursor + this.batchSize);
        const { values, offsets } = packSeries(series.slice(start, cursor));
        const res = await this.send(worker, { id: this.nextId++, h, options, values, offsets, ...(residualDays > 0 ? { residualDays } : {}) });
        unpackForecasts(res).forEach((fc, i) => {
          results[start + i] = fc;
        });
      }
    };
    await Promise.all(this.workers.map(runWorker));
    return results;
  }

  private send(worker: Worker, req: BatchRequest): Promise<PackedForecasts> {
    return new Promise((resolve, reject) => {
      const onMessage = (res: BatchResponse): void => {
        if (res.id !== req.id) return;
        cleanup();
        if (res.ok) resolve(res);
        else reject(new CodedError('INTERNAL', `forecast worker failed: ${res.message}`));
      };
      const onError = (err: Error): void => {
        cleanup();
        reject(new CodedError('INTERNAL', 'forecast worker crashed', { cause: err }));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(req, [req.values.buffer as ArrayBuffer, req.offsets.buffer as ArrayBuffer]);
    });
  }

  /** Stops every worker; the pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
