import { parentPort } from 'node:worker_threads';
import { autoForecast } from '../auto.ts';
import { buffersOf, type BatchRequest, type BatchResponse, type WireForecast } from './protocol.ts';

/** Forecasts one batch; exported so the serial path and the tests run exactly the same code. */
export function forecastBatch(req: BatchRequest): WireForecast[] {
  return req.series.map((y) => {
    const fc = autoForecast(y, req.h, req.options);
    return {
      model: fc.model,
      route: fc.route,
      mean: fc.mean.slice(),
      quantiles: [...(fc.quantiles ?? new Map<number, Float64Array>())].map(([p, q]) => [p, q.slice()] as const),
    };
  });
}

const port = parentPort;
if (port) {
  port.on('message', (req: BatchRequest) => {
    let res: BatchResponse;
    let transfer: ArrayBuffer[] = [];
    try {
      const results = forecastBatch(req);
      res = { id: req.id, ok: true, results };
      transfer = buffersOf(results.flatMap((r) => [r.mean, ...r.quantiles.map(([, q]) => q)]));
    } catch (err) {
      res = { id: req.id, ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(res, transfer);
  });
}
