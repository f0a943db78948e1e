/** The 为什么 of a listing suggestion, in plain Chinese and English. */
import type { Advice } from './advice.ts';

export interface ReasonInput {
  readonly nameZh: string;
  readonly nameEn: string;
  readonly weeks: number;
  readonly advice: Advice;
  readonly towns: readonly string[];
  readonly townsEn: readonly string[];
}

const kg = (x: number): string => Math.round(x).toLocaleString('en-US');

export function listingReason(r: ReasonInput): { zh: string; en: string } {
  const a = r.advice;
  const [zhSeason, enSeason] = a.momentum > 0.15 ? ['正进入旺季', 'coming into season']
    : a.momentum < -0.15 ? ['旺季将过', 'going out of season']
      : a.inPeak ? ['正值旺季', 'in peak season'] : a.marketKg < 1 ? ['淡季', 'off season'] : ['行情平稳', 'steady demand'];
  const price = a.price === null ? '' : `，预计均价约¥${a.price.toFixed(1)}/公斤`;
  const priceEn = a.price === null ? '' : `, about ¥${a.price.toFixed(1)}/kg`;
  const rivals = a.competitors === 0 ? '附近没有别家在卖' : `附近还有${a.competitors}家在卖`;
  const rivalsEn = a.competitors === 0 ? 'no other seller nearby' : `${a.competitors} other seller${a.competitors === 1 ? '' : 's'} nearby`;
  const where = r.towns.length === 0 ? '' : `；去年这时卖得多的地方：${r.towns.join('、')}`;
  const whereEn = r.townsEn.length === 0 ? '' : `; sold most here last year: ${r.townsEn.join(', ')}`;
  return {
    zh: `${r.nameZh}${zhSeason}：未来${r.weeks}周县里预计要${kg(a.marketKg)}公斤，您约可卖${kg(a.kg)}公斤（八成把握在${kg(a.lo)}–${kg(a.hi)}公斤）${price}；${rivals}${where}`,
    en: `${r.nameEn} ${enSeason}: the county should buy ${kg(a.marketKg)} kg in the next ${r.weeks} weeks, about ${kg(a.kg)} kg for you (80 % range ${kg(a.lo)}-${kg(a.hi)} kg)${priceEn}; ${rivalsEn}${whereEn}`,
  };
}
