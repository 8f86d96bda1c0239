import { describe, expect, it } from 'vitest';
import { encodeColumn } from './column-codec.ts';
import { ColumnValues } from './column-values.ts';

/** A seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAKERS = ['GE', 'Siemens', 'Philips', 'Toshiba'];

/** Value makers: each column draws from one or two of them, so every mode switch happens. */
const kinds: Record<string, (r: () => number, i: number) => unknown> = {
  missing: () => undefined,
  null: () => null,
  int: (r) => Math.floor(r() * 100),
  float: (r) => r() * 10,
  negZero: () => -0,
  md5: (r) =>
    Math.floor(r() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
      .repeat(4),
  id: (_, i) => (0x5a000000 + i).toString(16).padStart(24, '0'),
  upperHex: (r) =>
    Math.floor(r() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
      .toUpperCase(),
  shortHex: (r) =>
    Math.floor(r() * 256)
      .toString(16)
      .padStart(2, '0'),
  date: (r) => new Date(Date.UTC(2017, 0, 1) + Math.floor(r() * 3e10) * 1000).toUTCString(),
  badDate: () => 'Mon, 22 Aug 2017 19:10:36 GMT',
  maker: (r) => MAKERS[Math.floor(r() * MAKERS.length)],
  text: (r, i) => `free text ${i} ${r()}`,
  bool: (r) => r() < 0.5,
};

describe('ColumnValues', () => {
  const names = Object.keys(kinds);
  it('encodes exactly what encodeColumn encodes, and reads each row back, for mixed columns', () => {
    const r = random(7);
    for (let c = 0; c < 400; c++) {
      const main = names[Math.floor(r() * names.length)]!;
      const other = names[Math.floor(r() * names.length)]!;
      const rare = r() < 0.3 ? 0.5 : r() < 0.5 ? 0.01 : 0;
      const n = 1 + Math.floor(r() * (r() < 0.2 ? 3000 : 200));
      const values = Array.from({ length: n }, (_, i) =>
        (r() < rare ? kinds[other]! : kinds[main]!)(r, i),
      );
      // Rows may stop short of n: the rest are missing.
      const set = Math.floor(n * (r() < 0.2 ? r() : 1));
      const column = new ColumnValues();
      for (let i = 0; i < set; i++) column.set(i, values[i]);
      // As the chunk builder handed them to encodeColumn: n values, missing past `set`.
      const expected = values.map((v, i) => (i < set ? v : undefined));
      const label = `column ${c}: ${main}/${other} (${rare}), ${set} of ${n} rows`;
      expect(column.encode(n), label).toEqual(encodeColumn(expected, n));
      for (let i = 0; i < n; i++) {
        const back = column.at(i);
        const want = expected[i];
        if (!Object.is(back, want)) expect({ row: i, back }, label).toEqual({ row: i, back: want });
      }
    }
  });

  it('rows never set are missing, whatever the mode', () => {
    const column = new ColumnValues();
    column.set(3, 1.5);
    column.set(7, null);
    column.set(9, 'n/a');
    const values: unknown[] = new Array(12).fill(undefined);
    [values[3], values[7], values[9]] = [1.5, null, 'n/a'];
    expect(column.encode(12)).toEqual(encodeColumn(values, 12));
  });
});
