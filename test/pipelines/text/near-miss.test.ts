import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearMisses } from '../../../pipelines/text/near-miss.ts';

describe('near misses', () => {
  it('edit distance matches the textbook cases', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('finds IDs typed in the wrong case or with a typo, and nothing for a wild guess', () => {
    const ids = ['ST00001', 'ST00002', 'ST00100', 'SKU00044'];
    expect(nearMisses('st00001', ids)[0]).toBe('ST00001');
    expect(nearMisses('ST0001', ids)).toContain('ST00001');
    expect(nearMisses('banana', ids)).toEqual([]);
    expect(didYouMean('unknown-sku', ['unknown_sku', 'unknown_store'])).toBe(' (did you mean unknown_sku?)');
    expect(didYouMean('zzz', ['unknown_sku'])).toBe('');
  });
});
