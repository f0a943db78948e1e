import { parentPort } from 'node:worker_threads';
import { autoForecast } from '../auto.ts';
import { trailingResiduals, unpackSeries, type BatchRequest, type BatchResponse, type PackedForecasts } from './protocol.ts';

/** Forecasts one batch; exported so the serial path and the tests run exactly the same code. */
export function forecastBatch(req: BatchRequest): PackedForecasts {
  const { h } = req;
  const r = req.residualDays ?? 0;
  const ys = unpackSeries(req.values, req.offsets);
  const fcs = ys.map((y) => autoForecast(y, h, req.options));
  const levels = fcs.map((fc) => [...(fc.quantiles?.keys() ?? [])]);
  let size = 0;
  for (const ls of levels) size += h * (1 + ls.length) + r;
  const data = new Float64Array(size);
  let at = 0;
  fcs.forEach((fc, i) => {
    data.set(fc.mean.subarray(0, h), at);
    at += h;
    for (const p of levels[i]!) {
      data.set(fc.quantiles!.get(p)!.subarray(0, h), at);
      at += h;
    }
    if (r > 0) trailingResiduals(ys[i]!, fc.fitted, r, data.subarray(at, at + r));
    at += r;
  });
  return { models: fcs.map((fc) => fc.model), routes: fcs.map((fc) => (fc as { route?: string }).route ?? ''), levels, h, residualDays: r, data };
}

const port = parentPort;
if (port) {
  port.on('message', (req: BatchRequest) => {
    let res: BatchResponse;
    let transfer: ArrayBuffer[] = [];
    try {
      const packed = forecastBatch(req);
      res = { id: req.id, ok: true, ...packed };
      transfer = [packed.data.buffer as ArrayBuffer];
    } catch (err) {
      res = { id: req.id, ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(res, transfer);
  });
}
