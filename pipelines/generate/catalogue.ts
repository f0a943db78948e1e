/**
 * The product catalogue: what a village shop and a Rural Taobao centre sell, built from item
 * templates crossed with brands until the requested SKU count is reached. Each item carries the
 * seasonal profile that drives its demand and which channel it moves through (shelf, online orders).
 */
import { Rng } from './prng.ts';

/** Seasonal shapes (see seasonality.ts). */
export type Profile = 'flat' | 'farm' | 'winter' | 'summer' | 'festive' | 'ecom' | 'produce';
/** Where an item sells: off the shop shelf, through centre orders, or both. */
export type Channel = 'shelf' | 'order' | 'both';

interface Template {
  readonly cat: string;
  readonly sub: string;
  readonly zh: string;
  readonly en: string;
  readonly unit: string;
  readonly price: number;
  readonly pack: number;
  readonly shelfLife: number | null;
  readonly profile: Profile;
  readonly channel: Channel;
  /** Typical units a day at an average shop (before the SKU's own random scale). */
  readonly pop: number;
}

const t = (cat: string, sub: string, zh: string, en: string, unit: string, price: number, pack: number,
  shelfLife: number | null, profile: Profile, channel: Channel, pop: number): Template =>
  ({ cat, sub, zh, en, unit, price, pack, shelfLife, profile, channel, pop });

const TEMPLATES: readonly Template[] = [
  t('农资 Farm inputs', '化肥 Fertiliser', '复合肥 50kg', 'Compound fertiliser 50kg', '袋', 165, 1, null, 'farm', 'both', 0.5),
  t('农资 Farm inputs', '化肥 Fertiliser', '尿素 40kg', 'Urea 40kg', '袋', 120, 1, null, 'farm', 'both', 0.4),
  t('农资 Farm inputs', '化肥 Fertiliser', '钾肥 25kg', 'Potash 25kg', '袋', 95, 1, null, 'farm', 'both', 0.2),
  t('农资 Farm inputs', '种子 Seeds', '杂交水稻种子 1kg', 'Hybrid rice seed 1kg', '包', 58, 10, null, 'farm', 'both', 0.3),
  t('农资 Farm inputs', '种子 Seeds', '玉米种子 1kg', 'Maize seed 1kg', '包', 42, 10, null, 'farm', 'both', 0.15),
  t('农资 Farm inputs', '种子 Seeds', '蔬菜种子', 'Vegetable seeds', '包', 5, 50, null, 'farm', 'shelf', 0.6),
  t('农资 Farm inputs', '农药 Pesticide', '除草剂 1L', 'Herbicide 1L', '瓶', 38, 12, null, 'farm', 'both', 0.25),
  t('农资 Farm inputs', '农药 Pesticide', '杀虫剂 500ml', 'Insecticide 500ml', '瓶', 26, 20, null, 'farm', 'both', 0.25),
  t('农资 Farm inputs', '农膜 Plastic film', '地膜 5kg', 'Mulch film 5kg', '卷', 75, 1, null, 'farm', 'both', 0.15),
  t('服装鞋帽 Clothing', '毛衣 Sweaters', '男士毛衣', "Men's sweater", '件', 89, 1, null, 'winter', 'both', 0.12),
  t('服装鞋帽 Clothing', '毛衣 Sweaters', '女士毛衣', "Women's sweater", '件', 99, 1, null, 'winter', 'both', 0.12),
  t('服装鞋帽 Clothing', '棉衣 Padded jackets', '棉袄', 'Padded jacket', '件', 159, 1, null, 'winter', 'order', 0.1),
  t('服装鞋帽 Clothing', '鞋 Shoes', '运动鞋', 'Sneakers', '双', 79, 1, null, 'flat', 'both', 0.08),
  t('服装鞋帽 Clothing', '鞋 Shoes', '雨靴', 'Rain boots', '双', 35, 1, null, 'summer', 'shelf', 0.06),
  t('服装鞋帽 Clothing', 'T恤 T-shirts', '纯棉T恤', 'Cotton T-shirt', '件', 29, 1, null, 'summer', 'both', 0.1),
  t('日化 Daily chemicals', '洗衣 Laundry', '洗衣粉 1.5kg', 'Laundry powder 1.5kg', '袋', 16.9, 12, null, 'flat', 'both', 0.6),
  t('日化 Daily chemicals', '洗衣 Laundry', '洗衣皂', 'Laundry soap', '块', 3.5, 48, null, 'flat', 'shelf', 0.8),
  t('日化 Daily chemicals', '洗护 Personal care', '洗发水 400ml', 'Shampoo 400ml', '瓶', 24.9, 12, null, 'flat', 'both', 0.3),
  t('日化 Daily chemicals', '洗护 Personal care', '牙膏 120g', 'Toothpaste 120g', '支', 8.5, 36, null, 'flat', 'shelf', 0.5),
  t('日化 Daily chemicals', '洗护 Personal care', '香皂', 'Bar soap', '块', 4.5, 48, null, 'flat', 'shelf', 0.4),
  t('日化 Daily chemicals', '纸品 Paper', '卫生纸 10卷', 'Toilet paper 10 rolls', '提', 19.9, 6, null, 'flat', 'shelf', 0.7),
  t('家居百货 Household', '日用 Everyday', '蚊香', 'Mosquito coils', '盒', 6, 40, null, 'summer', 'shelf', 0.5),
  t('家居百货 Household', '日用 Everyday', '5号电池 4节', 'AA batteries x4', '卡', 6.5, 40, null, 'flat', 'shelf', 0.3),
  t('家居百货 Household', '日用 Everyday', '毛巾', 'Towel', '条', 9.9, 20, null, 'flat', 'shelf', 0.15),
  t('家居百货 Household', '日用 Everyday', '塑料水桶', 'Plastic bucket', '个', 15, 10, null, 'flat', 'both', 0.05),
  t('家居百货 Household', '厨具 Kitchen', '不锈钢锅', 'Steel cooking pot', '个', 59, 4, null, 'flat', 'order', 0.04),
  t('零食 Snacks', '休闲零食 Snacks', '辣条', 'Spicy gluten strips', '包', 1, 100, 180, 'flat', 'shelf', 2.5),
  t('零食 Snacks', '休闲零食 Snacks', '瓜子 500g', 'Sunflower seeds 500g', '袋', 12, 20, 240, 'festive', 'shelf', 0.6),
  t('零食 Snacks', '休闲零食 Snacks', '饼干', 'Biscuits', '包', 5.5, 24, 270, 'flat', 'shelf', 1.0),
  t('零食 Snacks', '糖果 Candy', '水果糖', 'Fruit candy', '袋', 9.9, 30, 365, 'festive', 'shelf', 0.5),
  t('零食 Snacks', '糖果 Candy', '彩虹糖', 'Rainbow candy', '包', 5, 48, 365, 'flat', 'shelf', 0.4),
  t('零食 Snacks', '方便食品 Instant food', '方便面', 'Instant noodles', '包', 3.5, 24, 180, 'flat', 'shelf', 2.0),
  t('饮料 Drinks', '水 Water', '矿泉水 550ml', 'Mineral water 550ml', '瓶', 2, 24, 365, 'summer', 'shelf', 3.0),
  t('饮料 Drinks', '茶饮 Tea drinks', '凉茶 310ml', 'Herbal tea 310ml', '罐', 4, 24, 365, 'summer', 'shelf', 1.5),
  t('饮料 Drinks', '碳酸饮料 Soft drinks', '可乐 330ml', 'Cola 330ml', '罐', 3, 24, 365, 'summer', 'shelf', 1.2),
  t('饮料 Drinks', '乳饮料 Milk drinks', '核桃奶 240ml', 'Walnut milk 240ml', '罐', 4.5, 20, 365, 'festive', 'shelf', 0.8),
  t('粮油 Grain & oil', '米面 Rice & flour', '大米 10kg', 'Rice 10kg', '袋', 55, 2, 365, 'flat', 'both', 0.35),
  t('粮油 Grain & oil', '米面 Rice & flour', '挂面 1kg', 'Dried noodles 1kg', '把', 9, 10, 365, 'flat', 'shelf', 0.5),
  t('粮油 Grain & oil', '食用油 Cooking oil', '菜籽油 5L', 'Rapeseed oil 5L', '桶', 79, 4, 540, 'festive', 'both', 0.25),
  t('粮油 Grain & oil', '调味 Seasoning', '酱油 500ml', 'Soy sauce 500ml', '瓶', 8.8, 12, 540, 'flat', 'shelf', 0.5),
  t('粮油 Grain & oil', '调味 Seasoning', '食盐 400g', 'Salt 400g', '袋', 3, 40, null, 'flat', 'shelf', 0.6),
  // A village shop buys fresh goods in small lots from the town wholesaler, the bakery or the tofu
  // maker: a pack larger than what sells before expiry could never be ordered under the perishable
  // rule (cartons of 24 milk at a 7-day shelf life made fresh fill 14 % in the warehouse backtest).
  t('生鲜 Fresh', '蛋 Eggs', '鲜鸡蛋 30枚', 'Fresh eggs x30', '盒', 25, 1, 20, 'festive', 'shelf', 0.6),
  t('生鲜 Fresh', '乳品 Dairy', '纯牛奶 250ml', 'Milk 250ml', '盒', 3.5, 6, 7, 'flat', 'shelf', 0.8),
  t('生鲜 Fresh', '乳品 Dairy', '酸奶 200g', 'Yoghurt 200g', '杯', 5, 4, 21, 'summer', 'shelf', 0.5),
  t('生鲜 Fresh', '面包 Bread', '切片面包', 'Sliced bread', '袋', 7.5, 2, 5, 'flat', 'shelf', 0.6),
  t('生鲜 Fresh', '蔬菜 Vegetables', '豆腐', 'Tofu', '块', 3, 1, 2, 'flat', 'shelf', 0.7),
  t('礼品酒水 Gifts & liquor', '白酒 Baijiu', '白酒 500ml', 'Baijiu 500ml', '瓶', 68, 6, null, 'festive', 'both', 0.25),
  t('礼品酒水 Gifts & liquor', '啤酒 Beer', '啤酒 500ml', 'Beer 500ml', '瓶', 4.5, 12, 365, 'summer', 'shelf', 1.5),
  t('礼品酒水 Gifts & liquor', '礼盒 Gift boxes', '牛奶礼盒', 'Milk gift box', '箱', 59, 4, 180, 'festive', 'both', 0.2),
  t('礼品酒水 Gifts & liquor', '礼盒 Gift boxes', '坚果礼盒', 'Nut gift box', '盒', 128, 4, 270, 'festive', 'both', 0.12),
  t('礼品酒水 Gifts & liquor', '礼盒 Gift boxes', '年货大礼包', 'New Year goods hamper', '箱', 168, 2, 270, 'festive', 'order', 0.08),
  t('家电 Appliances', '电视 TVs', '液晶电视 43寸', 'LED TV 43in', '台', 1299, 1, null, 'ecom', 'order', 0.02),
  t('家电 Appliances', '电视 TVs', '液晶电视 55寸', 'LED TV 55in', '台', 2199, 1, null, 'ecom', 'order', 0.012),
  t('家电 Appliances', '大家电 Large appliances', '双门冰箱', 'Two-door fridge', '台', 1599, 1, null, 'ecom', 'order', 0.012),
  t('家电 Appliances', '大家电 Large appliances', '波轮洗衣机', 'Top-load washing machine', '台', 999, 1, null, 'ecom', 'order', 0.014),
  t('家电 Appliances', '小家电 Small appliances', '电饭煲', 'Rice cooker', '台', 199, 1, null, 'ecom', 'order', 0.03),
  t('家电 Appliances', '小家电 Small appliances', '电暖器', 'Electric heater', '台', 159, 1, null, 'winter', 'order', 0.025),
  t('家电 Appliances', '小家电 Small appliances', '电风扇', 'Electric fan', '台', 129, 1, null, 'summer', 'order', 0.03),
  t('手机数码 Phones', '手机 Mobile phones', '智能手机 入门', 'Smartphone entry', '部', 799, 1, null, 'ecom', 'order', 0.03),
  t('手机数码 Phones', '手机 Mobile phones', '智能手机 中端', 'Smartphone mid-range', '部', 1699, 1, null, 'ecom', 'order', 0.015),
  t('手机数码 Phones', '手机 Mobile phones', '老人机', 'Feature phone for elders', '部', 129, 1, null, 'ecom', 'both', 0.02),
  t('手机数码 Phones', '配件 Accessories', '手机充电器', 'Phone charger', '个', 25, 20, null, 'flat', 'shelf', 0.08),
  t('电动车 E-bikes', '整车 Vehicles', '电动自行车', 'Electric bicycle', '辆', 2299, 1, null, 'ecom', 'order', 0.01),
  t('电动车 E-bikes', '配件 Parts', '电动车电瓶 48V', 'E-bike battery 48V', '组', 420, 1, null, 'flat', 'order', 0.015),
  t('电动车 E-bikes', '配件 Parts', '摩托车轮胎', 'Motorbike tyre', '条', 110, 2, null, 'flat', 'both', 0.02),
  t('电动车 E-bikes', '配件 Parts', '头盔', 'Helmet', '顶', 49, 5, null, 'flat', 'both', 0.03),
];

const BRANDS: Readonly<Record<string, readonly string[]>> = {
  '农资 Farm inputs': ['丰田牌 Fengtian', '绿野 Lvye', '金穗 Jinsui', '沃土 Wotu'],
  '服装鞋帽 Clothing': ['乡韵 Xiangyun', '暖冬 Nuandong', '步步 Bubu'],
  '日化 Daily chemicals': ['洁宝 Jiebao', '清风 Qingfeng', '白猫仔 Baimaozai', '润发 Runfa'],
  '家居百货 Household': ['家乐 Jiale', '南孚仔 Nanfuzai', '好日子 Haorizi'],
  '零食 Snacks': ['卫辣 Weila', '洽洽仔 Qiaqiazai', '旺旺来 Wangwanglai', '康师兄 Kangshixiong'],
  '饮料 Drinks': ['山泉 Shanquan', '吉庆 Jiqing', '六仁 Liuren', '农夫村 Nongfucun'],
  '粮油 Grain & oil': ['金龙 Jinlong', '五谷 Wugu', '赣香 Ganxiang'],
  '生鲜 Fresh': ['本地 Local', '蒙牛仔 Mengniuzai', '农家 Nongjia'],
  '礼品酒水 Gifts & liquor': ['四特乡 Sitexiang', '雪花村 Xuehuacun', '福禄 Fulu'],
  '家电 Appliances': ['海信达 Haixinda', '美的家 Meidejia', '长虹星 Changhongxing', '小天鹅仔 Xiaotianezai'],
  '手机数码 Phones': ['华星 Huaxing', '小米粒 Xiaomili', '酷派客 Kupaike'],
  '电动车 E-bikes': ['雅迪达 Yadida', '爱玛仕 Aimashi', '绿源地 Lvyuandi'],
};

/** Produce villages sell outward, with real harvest windows (day of year of the peak, half-width). */
export interface ProduceItem {
  readonly zh: string;
  readonly en: string;
  readonly peakDay: number;
  readonly halfWidth: number;
  /** Farm-gate price (yuan/kg) off-season; it falls by up to `priceDrop` at the supply peak. */
  readonly price: number;
  readonly priceDrop: number;
  readonly shelfLife: number;
}
export const PRODUCE: readonly ProduceItem[] = [
  { zh: '赣南脐橙', en: 'Gannan navel orange', peakDay: 335, halfWidth: 40, price: 6.5, priceDrop: 0.4, shelfLife: 60 },
  { zh: '金橘', en: 'Kumquat', peakDay: 15, halfWidth: 45, price: 9, priceDrop: 0.35, shelfLife: 30 },
  { zh: '蜜橘', en: 'Mandarin citrus', peakDay: 315, halfWidth: 35, price: 4, priceDrop: 0.45, shelfLife: 45 },
  { zh: '苹果', en: 'Apple', peakDay: 280, halfWidth: 40, price: 5.5, priceDrop: 0.3, shelfLife: 90 },
  { zh: '绿茶', en: 'Green tea', peakDay: 95, halfWidth: 30, price: 160, priceDrop: 0.5, shelfLife: 365 },
  { zh: '香菇', en: 'Shiitake mushroom', peakDay: 30, halfWidth: 60, price: 18, priceDrop: 0.3, shelfLife: 14 },
  { zh: '猕猴桃', en: 'Kiwi fruit', peakDay: 265, halfWidth: 30, price: 8, priceDrop: 0.35, shelfLife: 40 },
];

export interface Product {
  readonly index: number;
  readonly sku: string;
  readonly zh: string;
  readonly en: string;
  readonly category: string;
  readonly subcategory: string;
  readonly brand: string;
  readonly unit: string;
  readonly packSize: number;
  readonly listPrice: number;
  readonly priceText: string;
  readonly unitCost: number;
  readonly shelfLife: number | null;
  readonly isProduce: boolean;
  readonly profile: Profile;
  readonly channel: Channel;
  /** Mean units a day at an average shop; heavy-tailed so most SKUs are slow movers. */
  readonly pop: number;
  /** Negative-binomial size: small = bursty. */
  readonly size: number;
  /** Index into PRODUCE for produce SKUs, else -1. */
  readonly produce: number;
  /** Index into the category list (for per-day category multipliers). */
  readonly categoryIndex: number;
}

export interface Catalogue {
  readonly products: readonly Product[];
  readonly categories: readonly { readonly name: string; readonly profile: Profile }[];
  /** Product indices of the produce SKUs, in PRODUCE order. */
  readonly produceSkus: readonly number[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function buildCatalogue(seed: number, skuCount: number): Catalogue {
  const rng = Rng.derive(seed, 'catalogue');
  const products: Product[] = [];
  // A category index per (category, profile) so one multiplier row serves every SKU in it.
  const catKeys = new Map<string, number>();
  const categories: { name: string; profile: Profile }[] = [];
  const catIndex = (name: string, profile: Profile): number => {
    const key = `${name}|${profile}`;
    let i = catKeys.get(key);
    if (i === undefined) {
      i = categories.length;
      catKeys.set(key, i);
      categories.push({ name, profile });
    }
    return i;
  };
  const sku = (i: number): string => `SKU${String(i + 1).padStart(5, '0')}`;

  const produceSkus: number[] = [];
  const produceCount = Math.min(PRODUCE.length, Math.max(0, skuCount - 1));
  for (let p = 0; p < produceCount; p++) {
    const item = PRODUCE[p]!;
    const index = products.length;
    produceSkus.push(index);
    products.push({
      index, sku: sku(index), zh: `${item.zh}（散装）`, en: `${item.en} (loose)`, category: '本地农产品 Local produce',
      subcategory: item.en.includes('tea') ? '茶叶 Tea' : item.en.includes('mushroom') ? '菌菇 Mushrooms' : '水果 Fruit',
      brand: '农户直供 Farm direct', unit: 'kg', packSize: 1, listPrice: item.price, priceText: item.price.toFixed(2),
      unitCost: round2(item.price * 0.6), shelfLife: item.shelfLife, isProduce: true, profile: 'produce', channel: 'shelf',
      pop: 0, size: 1, produce: p, categoryIndex: catIndex('本地农产品 Local produce', 'produce'),
    });
  }

  let n = 0;
  while (products.length < skuCount) {
    const tpl = TEMPLATES[n % TEMPLATES.length]!;
    const round = Math.floor(n / TEMPLATES.length);
    n++;
    const brands = BRANDS[tpl.cat] ?? ['无品牌 Generic'];
    const brand = brands[round % brands.length] ?? brands[0]!;
    // Later rounds are the same item under another brand or a variant pack: the long tail.
    const variant = Math.floor(round / brands.length);
    const suffixZh = variant === 0 ? '' : ` 款${variant + 1}`;
    const suffixEn = variant === 0 ? '' : ` v${variant + 1}`;
    const price = round2(tpl.price * (0.85 + 0.35 * rng.float()) * (variant === 0 ? 1 : 1 + 0.1 * variant));
    const index = products.length;
    const brandZh = brand.split(' ')[0] ?? brand;
    products.push({
      index, sku: sku(index), zh: `${brandZh}${tpl.zh}${suffixZh}`, en: `${brand.split(' ').slice(1).join(' ')} ${tpl.en}${suffixEn}`.trim(),
      category: tpl.cat, subcategory: tpl.sub, brand, unit: tpl.unit, packSize: tpl.pack, listPrice: price,
      priceText: price.toFixed(2), unitCost: round2(price * (0.68 + 0.12 * rng.float())), shelfLife: tpl.shelfLife,
      isProduce: false, profile: tpl.profile, channel: tpl.channel,
      // Lognormal scale with a long left tail, and later rounds sell less: many slow movers.
      pop: tpl.pop * Math.exp(0.9 * rng.normal() - 0.4) / (1 + round * 0.6),
      size: 0.4 + 2 * rng.float(), produce: -1, categoryIndex: catIndex(tpl.cat, tpl.profile),
    });
  }
  return { products, categories, produceSkus };
}
