/**
 * The synthetic map: one province (Jiangxi), one or two real navel-orange counties of Ganzhou
 * (Xinfeng, Xunwu), made-up towns and villages with plausible names, one store per village and
 * the farmers and co-ops who sell produce outward.
 */
import { Rng } from './prng.ts';

/** Place-name syllables as [hanzi, pinyin]; pairs of them make town and village names. */
const SYLLABLES: ReadonlyArray<readonly [string, string]> = [
  ['大', 'Da'], ['小', 'Xiao'], ['石', 'Shi'], ['龙', 'Long'], ['凤', 'Feng'], ['桥', 'Qiao'], ['塘', 'Tang'],
  ['坪', 'Ping'], ['坑', 'Keng'], ['岭', 'Ling'], ['溪', 'Xi'], ['田', 'Tian'], ['山', 'Shan'], ['水', 'Shui'],
  ['上', 'Shang'], ['下', 'Xia'], ['东', 'Dong'], ['西', 'Xi'], ['南', 'Nan'], ['北', 'Bei'], ['新', 'Xin'],
  ['古', 'Gu'], ['金', 'Jin'], ['银', 'Yin'], ['竹', 'Zhu'], ['松', 'Song'], ['梅', 'Mei'], ['桃', 'Tao'],
  ['李', 'Li'], ['黄', 'Huang'], ['白', 'Bai'], ['青', 'Qing'], ['红', 'Hong'], ['安', 'An'], ['和', 'He'],
  ['平', 'Ping'], ['丰', 'Feng'], ['富', 'Fu'], ['长', 'Chang'], ['高', 'Gao'], ['禾', 'He'], ['茶', 'Cha'],
  ['坝', 'Ba'], ['湖', 'Hu'], ['洲', 'Zhou'], ['源', 'Yuan'], ['口', 'Kou'], ['头', 'Tou'], ['背', 'Bei'],
  ['围', 'Wei'], ['营', 'Ying'], ['寨', 'Zhai'], ['庄', 'Zhuang'], ['湾', 'Wan'], ['井', 'Jing'], ['峰', 'Feng'],
  ['玉', 'Yu'], ['兴', 'Xing'], ['隆', 'Long'], ['福', 'Fu'],
];
const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['刘', 'Liu'], ['陈', 'Chen'], ['罗', 'Luo'], ['钟', 'Zhong'], ['黄', 'Huang'], ['李', 'Li'], ['王', 'Wang'],
  ['张', 'Zhang'], ['曾', 'Zeng'], ['谢', 'Xie'], ['赖', 'Lai'], ['邱', 'Qiu'], ['廖', 'Liao'], ['温', 'Wen'],
];
const GIVEN = ['建国', '春花', '来兵', '秀英', '志强', '桂兰', '国华', '冬生', '水根', '金凤', '德明', '玉梅', '红军', '小平'];

export interface Place {
  readonly id: string;
  readonly zh: string;
  readonly pinyin: string;
}
export interface County extends Place {}
export interface Town extends Place {
  readonly county: County;
  /** Last digits of the lunar day on which this town holds its market (3- or 5-day cycle). */
  readonly marketDigits: readonly number[];
}
export interface Village extends Place {
  readonly town: Town;
  readonly population: number;
  /** Indices into the produce SKUs this village is known for. */
  readonly specialties: readonly number[];
}
export type StoreKind = 'service_centre' | 'mom_and_pop';
export interface Store {
  readonly index: number;
  readonly id: string;
  readonly village: Village;
  readonly zh: string;
  readonly pinyin: string;
  readonly kind: StoreKind;
  readonly leadTime: number;
  readonly reviewPeriod: number;
  /** 0 .. reviewPeriod-1: which day of the cycle this shopkeeper reorders on. */
  readonly reviewOffset: number;
  readonly serviceLevel: number;
  readonly minOrderUnits: number;
  readonly cashBudget: number;
  readonly openedOn: string;
  /** Relative size of the trade (lognormal around 1). */
  readonly size: number;
}
export interface Seller {
  readonly index: number;
  readonly id: string;
  readonly village: Village;
  readonly zh: string;
  readonly kind: 'farmer' | 'coop';
  /** Index into the produce list of the catalogue. */
  readonly produce: number;
}
export interface Geography {
  readonly province: Place;
  readonly counties: readonly County[];
  readonly towns: readonly Town[];
  readonly villages: readonly Village[];
  readonly stores: readonly Store[];
  readonly sellers: readonly Seller[];
}

const PROVINCE: Place = { id: '36', zh: '江西省', pinyin: 'Jiangxi' };
const COUNTIES: readonly County[] = [
  { id: '360722', zh: '信丰县', pinyin: 'Xinfeng' },
  { id: '360734', zh: '寻乌县', pinyin: 'Xunwu' },
];
const MARKET_CYCLES: ReadonlyArray<readonly number[]> = [
  [1, 4, 7], [2, 5, 8], [3, 6, 9], [1, 6], [2, 7], [3, 8], [4, 9], [5, 0],
];

/** Distinct two-syllable names, in an order shuffled by rng. */
function nameSource(rng: Rng): () => readonly [string, string] {
  const pairs: Array<readonly [string, string]> = [];
  for (const [z1, p1] of SYLLABLES) {
    for (const [z2, p2] of SYLLABLES) {
      if (z1 !== z2) pairs.push([z1 + z2, p1 + p2.toLowerCase()]);
    }
  }
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = pairs[i];
    const u = pairs[j];
    if (t !== undefined && u !== undefined) {
      pairs[i] = u;
      pairs[j] = t;
    }
  }
  let next = 0;
  return () => {
    const p = pairs[next % pairs.length];
    const round = Math.floor(next / pairs.length);
    next++;
    if (p === undefined) throw new Error('no names');
    // Beyond ~3,500 villages names repeat with a numeral, as real villages sometimes do (一村, 二村).
    return round === 0 ? p : [`${p[0]}${round + 1}`, `${p[1]}${round + 1}`];
  };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function buildGeography(seed: number, villageCount: number, produceCount: number): Geography {
  const rng = Rng.derive(seed, 'geography');
  const nextName = nameSource(rng);
  const counties = villageCount > 30 ? COUNTIES : COUNTIES.slice(0, 1);
  const townCount = Math.max(1, Math.round(villageCount / 12));
  const towns: Town[] = [];
  for (let t = 0; t < townCount; t++) {
    const county = counties[t % counties.length] ?? COUNTIES[0]!;
    const [zh, py] = nextName();
    towns.push({
      id: `${county.id}${pad(100 + t, 3)}`,
      zh: `${zh}镇`,
      pinyin: `${py} Zhen`,
      county,
      marketDigits: rng.pick(MARKET_CYCLES),
    });
  }
  const villages: Village[] = [];
  for (let v = 0; v < villageCount; v++) {
    const town = towns[v % townCount] ?? towns[0]!;
    const [zh, py] = nextName();
    const specialties = produceCount === 0 ? [] : [rng.int(produceCount)];
    if (produceCount > 1 && rng.float() < 0.4) {
      const second = rng.int(produceCount);
      if (second !== specialties[0]) specialties.push(second);
    }
    villages.push({
      id: `${town.id}${pad(v + 1, 4)}`,
      zh: `${zh}村`,
      pinyin: `${py} Cun`,
      town,
      population: Math.round(600 + 3400 * rng.float() * rng.float() + 200 * rng.float()),
      specialties,
    });
  }

  // About a third of villages host a Rural Taobao service centre; the order is shuffled so centres
  // are spread over towns.
  const centreCount = villageCount === 0 ? 0 : Math.max(1, Math.round(villageCount / 3));
  const order = villages.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const isCentre = new Uint8Array(villageCount);
  for (let i = 0; i < centreCount; i++) isCentre[order[i]!] = 1;

  const stores: Store[] = villages.map((village, index) => {
    const kind: StoreKind = isCentre[index] === 1 ? 'service_centre' : 'mom_and_pop';
    const [sz, sp] = rng.pick(SURNAMES);
    const reviewPeriod = rng.float() < 0.25 ? 3 : 7;
    const zh = kind === 'service_centre' ? `${village.zh}村淘服务站` : `${sz}家小卖部`;
    const pinyin = kind === 'service_centre' ? `${village.pinyin} Cuntao Fuwuzhan` : `${sp} Jia Xiaomaibu`;
    return {
      index,
      id: `ST${pad(index + 1, 5)}`,
      village,
      zh,
      pinyin,
      kind,
      leadTime: rng.range(2, 5),
      reviewPeriod,
      reviewOffset: rng.int(reviewPeriod),
      serviceLevel: rng.float() < 0.5 ? 0.9 : 0.95,
      minOrderUnits: rng.pick([1, 1, 2, 3, 5]),
      cashBudget: kind === 'service_centre' ? 5000 : 1000 * rng.range(3, 20),
      // Rural Taobao opened its first centres in October 2014.
      openedOn: kind === 'service_centre' ? `2015-${pad(rng.range(1, 12), 2)}-${pad(rng.range(1, 28), 2)}` : `${rng.range(2003, 2019)}-${pad(rng.range(1, 12), 2)}-01`,
      size: Math.exp(0.45 * rng.normal()) * (0.6 + village.population / 3000),
    };
  });

  const sellers: Seller[] = [];
  for (const village of villages) {
    for (const produce of village.specialties) {
      const farmers = rng.range(1, 3);
      for (let f = 0; f < farmers; f++) {
        const [sz] = rng.pick(SURNAMES);
        sellers.push({ index: sellers.length, id: `SL${pad(sellers.length + 1, 5)}`, village, zh: `${sz}${rng.pick(GIVEN)}`, kind: 'farmer', produce });
      }
      if (rng.float() < 0.35) {
        sellers.push({ index: sellers.length, id: `SL${pad(sellers.length + 1, 5)}`, village, zh: `${village.zh.slice(0, -1)}果蔬专业合作社`, kind: 'coop', produce });
      }
    }
  }
  return { province: PROVINCE, counties, towns, villages, stores, sellers };
}
