/**
 * Just enough positional astronomy for the Chinese calendar: the Sun's apparent ecliptic
 * longitude (solar terms) and the instants of new moon (lunar months). Algorithms from
 * J. Meeus, Astronomical Algorithms, 2nd ed. (1998): ch. 7 (Julian Day), ch. 25 (Sun,
 * low accuracy, about 0.01 degrees, i.e. about 15 minutes of time for a solar term),
 * ch. 49 (phases of the Moon, error well under a minute). Times are Julian Days; JDE is in
 * Terrestrial Time, JD in Universal Time.
 */
const DEG = Math.PI / 180;

function sinD(deg: number): number {
  return Math.sin(deg * DEG);
}

export function normalizeDegrees(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r;
}

/** Julian Day of 0h UT on a Gregorian calendar date (Meeus 7.1). */
export function julianDay(year: number, month: number, day: number): number {
  let y = year;
  let m = month;
  if (m <= 2) {
    y -= 1;
    m += 12;
  }
  const a = Math.floor(y / 100);
  const b = 2 - a + Math.floor(a / 4);
  return Math.floor(365.25 * (y + 4716)) + Math.floor(30.6001 * (m + 1)) + day + b - 1524.5;
}

/**
 * TT - UT in seconds. Observed values were 67.6 s (2015) to 69.2 s (2020-2025); the
 * Espenak-Meeus polynomial for 2005-2050 overstates recent years by a few seconds, which moves
 * a solar term or new moon by the same few seconds: irrelevant next to the 15-minute limit above.
 */
export function deltaTSeconds(year: number): number {
  const t = year - 2000;
  return 62.92 + 0.32217 * t + 0.005589 * t * t;
}

/** Apparent geocentric ecliptic longitude of the Sun in degrees (Meeus ch. 25, low accuracy). */
export function sunApparentLongitude(jde: number): number {
  const t = (jde - 2451545.0) / 36525;
  const l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  const c =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * sinD(m) +
    (0.019993 - 0.000101 * t) * sinD(2 * m) +
    0.000289 * sinD(3 * m);
  const omega = 125.04 - 1934.136 * t;
  return normalizeDegrees(l0 + c - 0.00569 - 0.00478 * sinD(omega));
}

/** JDE at which the Sun's apparent longitude reaches `targetDeg`, searched near `guessJde`. */
export function sunLongitudeCrossing(targetDeg: number, guessJde: number): number {
  let jde = guessJde;
  for (let i = 0; i < 20; i++) {
    // Signed angular gap in (-180, 180]; the Sun moves about 360/365.2422 degrees a day.
    let gap = normalizeDegrees(targetDeg - sunApparentLongitude(jde));
    if (gap > 180) gap -= 360;
    const step = gap * (365.2422 / 360);
    jde += step;
    if (Math.abs(step) < 1e-7) break;
  }
  return jde;
}

const NEW_MOON_TERMS: ReadonlyArray<readonly [number, number, number, number, number]> = [
  // coefficient, power of E, multiples of [M, M', F] (Meeus table 49.A, new moon column)
  [-0.4072, 0, 0, 1, 0], [0.17241, 1, 1, 0, 0], [0.01608, 0, 0, 2, 0], [0.01039, 0, 0, 0, 2],
  [0.00739, 1, -1, 1, 0], [-0.00514, 1, 1, 1, 0], [0.00208, 2, 2, 0, 0], [-0.00111, 0, 0, 1, -2],
  [-0.00057, 0, 0, 1, 2], [0.00056, 1, 1, 2, 0], [-0.00042, 0, 0, 3, 0], [0.00042, 1, 1, 0, 2],
  [0.00038, 1, 1, 0, -2], [-0.00024, 1, -1, 2, 0], [-0.00007, 0, 2, 1, 0], [0.00004, 0, 0, 2, -2],
  [0.00004, 0, 3, 0, 0], [0.00003, 0, 1, 1, -2], [0.00003, 0, 0, 2, 2], [-0.00003, 0, 1, 1, 2],
  [0.00003, 0, -1, 1, 2], [-0.00002, 0, -1, 1, -2], [-0.00002, 0, 1, 3, 0], [0.00002, 0, 0, 4, 0],
];

const PLANETARY: ReadonlyArray<readonly [number, number, number]> = [
  // [A0, rate per lunation, coefficient] (Meeus 49, additional corrections; A1 also has a T^2 term)
  [299.77, 0.107408, 0.000325], [251.88, 0.016321, 0.000165], [251.83, 26.651886, 0.000164],
  [349.42, 36.412478, 0.000126], [84.66, 18.206239, 0.00011], [141.74, 53.303771, 0.000062],
  [207.14, 2.453732, 0.00006], [154.84, 7.30686, 0.000056], [34.52, 27.261239, 0.000047],
  [207.19, 0.121824, 0.000042], [291.34, 1.844379, 0.00004], [161.72, 24.198154, 0.000037],
  [239.56, 25.513099, 0.000035], [331.55, 3.592518, 0.000023],
];

/** JDE of the true new moon of lunation k (k = 0 is 2000-01-06; Meeus ch. 49). */
export function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  const mean =
    2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const m = 2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3;
  const mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
  const f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
  const omega = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
  let corr = -0.00017 * sinD(omega);
  for (const [coef, ePow, cm, cmp, cf] of NEW_MOON_TERMS) {
    corr += coef * e ** ePow * sinD(cm * m + cmp * mp + cf * f);
  }
  let planetary = 0;
  PLANETARY.forEach(([a0, rate, coef], i) => {
    const a = a0 + rate * k - (i === 0 ? 0.009173 * t2 : 0);
    planetary += coef * sinD(a);
  });
  return mean + corr + planetary;
}

/** Convert a JDE (TT) instant to a day number of the civil date in China Standard Time (UTC+8). */
export function chinaDayNumber(jde: number): number {
  const approxYear = 2000 + (jde - 2451545.0) / 365.25;
  const jdUt = jde - deltaTSeconds(approxYear) / 86400;
  return Math.floor(jdUt - 2440587.5 + 8 / 24);
}

/** Minutes past midnight China Standard Time of a JDE instant (for "how close to midnight" checks). */
export function chinaMinutesOfDay(jde: number): number {
  const approxYear = 2000 + (jde - 2451545.0) / 365.25;
  const days = jde - deltaTSeconds(approxYear) / 86400 - 2440587.5 + 8 / 24;
  return (days - Math.floor(days)) * 1440;
}
