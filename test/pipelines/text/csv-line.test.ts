import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../../pipelines/text/csv-line.ts';

describe('splitCsvLine', () => {
  it('splits on the delimiter outside quotes only, with "" as a literal quote', () => {
    expect(splitCsvLine('"a\tb"\t"c""d"\te', '\t')).toEqual(['a\tb', 'c"d', 'e']);
    expect(splitCsvLine('x;;"y;z"', ';')).toEqual(['x', '', 'y;z']);
    expect(splitCsvLine('a,b', '\t')).toEqual(['a,b']);
  });
});
