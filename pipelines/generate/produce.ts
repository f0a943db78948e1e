/**
 * Produce that villages sell outward: farmers (农户) and co-ops (合作社) selling their village's
 * specialty in its harvest window, at a farm-gate price that falls as supply peaks.
 */
import type { Catalogue } from './catalogue.ts';
import { PRODUCE } from './catalogue.ts';
import type { Seller } from './geography.ts';
import { Rng } from './prng.ts';
import { produceSupply } from './seasonality.ts';

export class SellerSales {
  readonly rng: Rng;
  constructor(seed: number, readonly seller: Seller) {
    this.rng = Rng.derive(seed, 'produce', seller.index);
  }

  /** Columns: sale_id, sold_at, seller_id, sku, quantity, unit_price. */
  day(
    doy: number, growth: number, dateIso: string, compactDate: string, clock: readonly string[],
    catalogue: Catalogue, emit: (fields: string[]) => void,
  ): number {
    const item = PRODUCE[this.seller.produce];
    const skuIndex = catalogue.produceSkus[this.seller.produce];
    if (item === undefined || skuIndex === undefined) return 0;
    const supply = produceSupply(doy, item.peakDay, item.halfWidth);
    if (supply < 0.03) return 0;
    const rng = this.rng;
    const coop = this.seller.kind === 'coop';
    const count = rng.poisson(supply * (coop ? 3 : 1.2) * growth);
    if (count === 0) return 0;
    const sku = catalogue.products[skuIndex]!.sku;
    const price = item.price * (1 - item.priceDrop * supply);
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) times[i] = Math.floor((8 + 10 * rng.float()) * 3600);
    times.sort();
    const sellerNo = String(this.seller.index + 1).padStart(5, '0');
    for (let i = 0; i < count; i++) {
      // Tea sells by the jin-sized bag; fruit by the crate or the truckload.
      const scale = item.price > 50 ? 0.3 : 1;
      const kg = Math.max(0.5, Math.round((coop ? 80 + 600 * rng.gamma(2) : 5 + 40 * rng.gamma(1.5)) * scale * 2) / 2);
      const unit = Math.max(0.5, price * (1 + 0.06 * rng.normal()) * (coop ? 0.95 : 1));
      emit([`PS${compactDate}${sellerNo}${String(i + 1).padStart(3, '0')}`, `${dateIso} ${clock[times[i]!] ?? '12:00:00'}`,
        this.seller.id, sku, String(kg), unit.toFixed(2)]);
    }
    return count;
  }
}
