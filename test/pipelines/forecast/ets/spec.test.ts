import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../../pipelines/errors.ts';
import { parseSpec, specClass, specName, stateCount, smoothingCount } from '../../../../pipelines/forecast/ets/spec.ts';

describe('ETS specs', () => {
  it('parses compact, comma and ETS(...) forms and names them the R way', () => {
    expect(parseSpec('MAdM')).toEqual({ error: 'M', trend: 'Ad', season: 'M' });
    expect(specName(parseSpec('A,N,N'))).toBe('ETS(A,N,N)');
    expect(specName(parseSpec('ETS(M,Md,A)'))).toBe('ETS(M,Md,A)');
  });

  it('rejects junk with a coded BAD_ARGUMENT', () => {
    expect(() => parseSpec('XYZ')).toThrow(CodedError);
    try {
      parseSpec('AAdQ');
    } catch (e) {
      expect((e as CodedError).code).toBe('BAD_ARGUMENT');
    }
  });

  it('classifies by HKOS 2008 ch. 6 and counts parameters as R does', () => {
    expect(['ANN', 'AAdA'].map((s) => specClass(parseSpec(s)))).toEqual([1, 1]);
    expect(['MNN', 'MAdA'].map((s) => specClass(parseSpec(s)))).toEqual([2, 2]);
    expect(['MNM', 'MAdM'].map((s) => specClass(parseSpec(s)))).toEqual([3, 3]);
    expect(['ANM', 'MMN'].map((s) => specClass(parseSpec(s)))).toEqual([0, 0]);
    // MAdM, m = 12: alpha, beta, gamma, phi + level, slope, 11 free seasonal indices.
    expect(smoothingCount(parseSpec('MAdM'))).toBe(4);
    expect(stateCount(parseSpec('MAdM'), 12)).toBe(13);
  });
});
