/**
 * "Did you mean": the known values closest to what a user typed. Case and separators are ignored
 * first (st00001 finds ST00001), then edit distance decides, at most a third of the word apart so
 * a wild guess gets no suggestion rather than a random one.
 */

const fold = (s: string): string => s.toLowerCase().replace(/[\s_\-.]+/g, '');

/** Levenshtein distance (insert, delete, substitute), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = new Uint32Array(b.length + 1).map((_, j) => j);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Up to `max` candidates nearest to `typed`, nearest first; none when nothing is close. */
export function nearMisses(typed: string, candidates: Iterable<string>, max = 3): string[] {
  const t = fold(typed);
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const f = fold(c);
    const d = f === t ? 0 : f.includes(t) && t.length >= 3 ? 1 : editDistance(t, f);
    if (d <= Math.max(1, Math.floor(Math.max(t.length, 3) / 3))) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  return scored.slice(0, max).map((s) => s.c);
}

/** " (did you mean A or B?)" or "" — for the end of an error message. */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  const near = nearMisses(typed, candidates);
  if (near.length === 0) return '';
  return ` (did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`}?)`;
}
