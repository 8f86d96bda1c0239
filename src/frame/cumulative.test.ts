import { describe, expect, it } from 'vitest';
import { cumulativeCounts } from './cumulative.ts';
import { NO_SECONDS } from './text-rows.ts';

const DAY = 86_400_000;
const at = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);

describe('cumulativeCounts', () => {
  //          row: 0                 1                  2                  3    4
  const times = Float64Array.of(
    at(2020, 1, 1, 9),
    at(2020, 1, 3, 23),
    at(2020, 1, 1, 18),
    Number.NaN,
    at(2020, 1, 3, 1),
  );
  const kept = Uint8Array.of(1, 0, 1, 1, 1);
  const rows = Uint32Array.of(0, 1, 2, 3, 4);

  it('counts by day, every day between first and last upload, total and unique', () => {
    const c = cumulativeCounts(times, rows, kept, 'day');
    expect(c.bucket).toBe('day');
    expect([...c.starts]).toEqual([at(2020, 1, 1), at(2020, 1, 2), at(2020, 1, 3)]);
    // Jan 1: rows 0, 2 (both kept); Jan 2: none; Jan 3: rows 1 (not kept), 4 (kept).
    expect([...c.total]).toEqual([2, 2, 4]);
    expect([...c.unique]).toEqual([2, 2, 3]);
    expect([c.undated, c.undatedUnique]).toEqual([1, 1]);
  });

  it('counts times held as whole seconds (a compacted dataset) as it counts epoch ms', () => {
    const seconds = Uint32Array.from(times, (t) => (Number.isNaN(t) ? NO_SECONDS : t / 1000));
    for (const bucket of ['day', 'month'] as const) {
      expect(cumulativeCounts({ seconds }, rows, kept, bucket)).toEqual(
        cumulativeCounts(times, rows, kept, bucket),
      );
    }
    expect(cumulativeCounts({ seconds }, rows, kept).undated).toBe(1);
  });

  it('counts by calendar month, months without uploads included', () => {
    const t = Float64Array.of(
      at(2019, 12, 31, 23),
      at(2020, 1, 1),
      at(2020, 3, 15),
      at(2020, 1, 31),
    );
    const c = cumulativeCounts(t, Uint32Array.of(0, 1, 2, 3), Uint8Array.of(1, 1, 0, 0), 'month');
    expect([...c.starts]).toEqual([
      at(2019, 12, 1),
      at(2020, 1, 1),
      at(2020, 2, 1),
      at(2020, 3, 1),
    ]);
    expect([...c.total]).toEqual([1, 3, 3, 4]);
    expect([...c.unique]).toEqual([1, 2, 2, 2]);
  });

  it('chooses days for spans up to two years and months beyond', () => {
    const short = Float64Array.of(at(2020, 1, 1), at(2021, 6, 1));
    const long = Float64Array.of(at(2017, 1, 1), at(2020, 1, 1));
    const two = Uint32Array.of(0, 1);
    const keptBoth = Uint8Array.of(1, 1);
    expect(cumulativeCounts(short, two, keptBoth).bucket).toBe('day');
    const months = cumulativeCounts(long, two, keptBoth);
    expect(months.bucket).toBe('month');
    expect(months.starts.length).toBe(37); // Jan 2017 … Jan 2020
    expect(months.total[36]).toBe(2);
  });

  it('follows the row selection and handles no dated rows', () => {
    const c = cumulativeCounts(times, Uint32Array.of(3), kept);
    expect(c.starts.length).toBe(0);
    expect(c.undated).toBe(1);
    const one = cumulativeCounts(times, Uint32Array.of(1), kept, 'day');
    expect([...one.total, ...one.unique]).toEqual([1, 0]);
    expect(one.starts[0]).toBe(at(2020, 1, 3));
    expect(one.starts[0]! % DAY).toBe(0);
  });
});
