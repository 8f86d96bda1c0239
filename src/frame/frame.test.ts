import { describe, expect, it, vi } from 'vitest';
import { type Column, cellValue, columnLength, fromDecoded } from './column.ts';
import { Frame } from './frame.ts';

const info = [
  { name: 'snr', type: 'number' as const },
  { name: 'maker', type: 'text' as const },
];

function frameWith(loader: (name: string) => Promise<Column>) {
  return new Frame(3, info, loader);
}

describe('Frame', () => {
  it('loads a column once, however many callers ask at the same time', async () => {
    const loader = vi.fn(async (name: string) =>
      name === 'snr' ? fromDecoded([1, 2, 3]) : fromDecoded(['GE', 'GE', 'Siemens']),
    );
    const frame = frameWith(loader);
    expect(frame.loaded('snr')).toBeUndefined();
    const [a, b] = await Promise.all([frame.load('snr'), frame.load('snr')]);
    expect(a).toBe(b);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(frame.loaded('snr')).toBe(a);
    await frame.load('snr');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('loads several columns in the order asked', async () => {
    const frame = frameWith(async (name) =>
      name === 'snr' ? fromDecoded([1, 2, 3]) : fromDecoded(['a', 'b', 'c']),
    );
    const [maker, snr] = await frame.loadMany(['maker', 'snr']);
    expect(cellValue(maker!, 2)).toBe('c');
    expect(cellValue(snr!, 2)).toBe(3);
    expect(frame.loadedNames().sort()).toEqual(['maker', 'snr']);
  });

  it('gives a column the dataset lacks as all missing, without asking the loader', async () => {
    const loader = vi.fn(async () => fromDecoded([1, 2, 3]));
    const frame = frameWith(loader);
    const absent = await frame.load('not_a_column');
    expect(loader).not.toHaveBeenCalled();
    expect(columnLength(absent)).toBe(3);
    expect([0, 1, 2].map((row) => cellValue(absent, row))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let calls = 0;
    const frame = frameWith(async () => {
      calls++;
      if (calls === 1) throw new Error('disk busy');
      return fromDecoded([1, 2, 3]);
    });
    await expect(frame.load('snr')).rejects.toThrow('disk busy');
    expect(frame.loaded('snr')).toBeUndefined();
    expect(cellValue(await frame.load('snr'), 0)).toBe(1);
    expect(calls).toBe(2);
  });

  it("reads a column's first rows once, apart from the whole column, which then stands for them", async () => {
    const whole = vi.fn(async () => fromDecoded([1, 2, 3]));
    const first = vi.fn(async () => fromDecoded([1]));
    const frame = new Frame(3, info, whole, undefined, first);
    const [a, b] = await Promise.all([frame.loadFirstRows('snr'), frame.loadFirstRows('snr')]);
    expect(a).toBe(b);
    expect(columnLength(a)).toBe(1);
    expect(first).toHaveBeenCalledTimes(1);
    expect(whole).not.toHaveBeenCalled();
    expect(frame.firstRowsIn('snr')).toBe(a);
    expect(frame.loaded('snr')).toBeUndefined();
    const all = await frame.load('snr');
    expect(frame.firstRowsIn('snr')).toBe(all);
    expect(await frame.loadFirstRows('snr')).toBe(all);
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('gives the whole column for first rows when it has no quicker way, and forgets a failed read', async () => {
    const plain = frameWith(async () => fromDecoded([4, 5, 6]));
    expect(columnLength(await plain.loadFirstRows('snr'))).toBe(3);
    expect(plain.loaded('snr')).toBeDefined();
    let fail = true;
    const first = vi.fn(async () => {
      if (fail) throw new Error('the file is gone');
      return fromDecoded([7]);
    });
    const frame = new Frame(3, info, async () => fromDecoded([7, 8, 9]), undefined, first);
    await expect(frame.loadFirstRows('snr')).rejects.toThrow('the file is gone');
    expect(frame.firstRowsIn('snr')).toBeUndefined();
    fail = false;
    expect(columnLength(await frame.loadFirstRows('snr'))).toBe(1);
    expect(first).toHaveBeenCalledTimes(2);
  });

  it('describes its columns', () => {
    const frame = frameWith(async () => fromDecoded([]));
    expect(frame.has('maker')).toBe(true);
    expect(frame.has('tsnr')).toBe(false);
    expect(frame.info('maker')).toEqual({ name: 'maker', type: 'text' });
    expect(frame.rowCount).toBe(3);
  });
});
