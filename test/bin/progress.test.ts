import { describe, expect, it } from 'vitest';
import { createProgress } from '../../bin/cli/progress.ts';

const stream = (tty: boolean): { s: NodeJS.WriteStream; out: string[] } => {
  const out: string[] = [];
  const s = { isTTY: tty, columns: 100, write: (x: string) => (out.push(x), true) } as unknown as NodeJS.WriteStream;
  return { s, out };
};

describe('progress', () => {
  it('off a terminal it prints plain lines, the first at once and then at most one every 2 s', () => {
    const { s, out } = stream(false);
    const p = createProgress(s);
    for (let i = 0; i < 50; i++) p.update(i, 50, `file-${i}.csv`);
    expect(out).toEqual(['1/50 file-0.csv\n']);
    p.log('done');
    expect(out.at(-1)).toBe('done\n');
  });

  it('on a terminal it redraws one bar; --quiet prints nothing', () => {
    const { s, out } = stream(true);
    createProgress(s).update(5, 10, 'x.csv');
    expect(out.join('')).toContain('[##############..............] 5/10 x.csv');
    const q = stream(false);
    createProgress(q.s, true).update(0, 3, 'a');
    expect(q.out).toEqual([]);
  });
});
