import { describe, expect, it } from 'vitest';
import { fromDecoded, lazyText, type TextColumn } from './column.ts';
import { packHex, packHttpDates } from './packed-strings.ts';
import {
  dateRows,
  hexRows,
  NO_SECONDS,
  secondsDateRows,
  stringCoder,
  stringRows,
  type TextRows,
} from './text-rows.ts';

/** The row kinds over the same values, each only where it can hold them. */
function rowsOf(values: readonly (string | undefined)[]): Array<[string, TextRows]> {
  const out: Array<[string, TextRows]> = [['strings', stringRows(values)]];
  const hex = packHex(values, values.length);
  if (hex) out.push(['hex', hexRows(hex.bytes, hex.width, hex.missing)]);
  const ms = packHttpDates(values, values.length);
  if (ms) out.push(['dates', dateRows(ms)]);
  if (ms) out.push(['seconds', secondsDateRows(asSeconds(ms))]);
  return out;
}

/** Epoch ms (whole seconds, NaN = missing) as a compacted segment stores them. */
const asSeconds = (ms: Float64Array) =>
  Uint32Array.from(ms, (t) => (Number.isNaN(t) ? NO_SECONDS : t / 1000));

const eager = (values: readonly (string | undefined)[]) => fromDecoded(values) as TextColumn;

const digest = (n: number) => n.toString(16).padStart(32, '0');

describe.each([
  ['digests with duplicates and gaps', [digest(1), undefined, digest(2), digest(1), undefined]],
  [
    'upload dates, repeated within a second',
    [
      'Wed, 26 Jul 2017 16:55:18 GMT',
      'Wed, 26 Jul 2017 16:54:07 GMT',
      undefined,
      'Wed, 26 Jul 2017 16:54:07 GMT',
    ],
  ],
  ['plain strings', ['GE', 'Siemens', 'GE', undefined, 'Philips']],
])('%s', (_name, values) => {
  it.each(rowsOf(values))('%s rows read every cell and code like fromDecoded', (_kind, rows) => {
    expect(rows.length).toBe(values.length);
    expect(values.map((_, row) => rows.at(row))).toEqual(values);
    const lazy = lazyText(rows);
    expect(Array.from(lazy.codes)).toEqual(Array.from(eager(values).codes));
    expect(lazy.dict).toEqual(eager(values).dict);
  });
});

describe('coding many values', () => {
  it('gives every distinct digest its own code, past several table growths', () => {
    const values = Array.from({ length: 5000 }, (_, i) => digest((i * 7919) % 3001));
    const hex = packHex(values, values.length);
    if (!hex) throw new Error('digests should pack');
    const lazy = lazyText(hexRows(hex.bytes, hex.width, hex.missing));
    expect(lazy.dict.length).toBe(3001);
    expect(Array.from(lazy.codes)).toEqual(Array.from(eager(values).codes));
  });

  it('keeps digests that share their first bytes apart', () => {
    const values = Array.from({ length: 300 }, (_, i) => `${'f'.repeat(30)}${digest(i).slice(-2)}`);
    const hex = packHex(values, values.length);
    if (!hex) throw new Error('digests should pack');
    expect(lazyText(hexRows(hex.bytes, hex.width, hex.missing)).dict).toEqual([...new Set(values)]);
  });
});

describe('dateRows', () => {
  it('hands its times over as they are (dedup reads them without parsing)', () => {
    const ms = Float64Array.of(1000, Number.NaN);
    expect(dateRows(ms).times).toBe(ms);
    expect(dateRows(ms).at(1)).toBeUndefined();
  });
});

describe('stringCoder', () => {
  it('codes in first-seen order', () => {
    const coder = stringCoder(1);
    expect(['a', 'b', 'a', 'c', 'b'].map((s) => coder.code(s))).toEqual([1, 2, 1, 3, 2]);
    expect(coder.dict).toEqual(['a', 'b', 'c']);
  });
});

describe('secondsDateRows', () => {
  it('reads whole seconds as dates, and widens them to epoch ms only when asked, once', () => {
    const seconds = Uint32Array.of(1_500_000_000, NO_SECONDS, 0);
    const rows = secondsDateRows(seconds);
    expect([0, 1, 2].map((row) => rows.at(row))).toEqual([
      'Fri, 14 Jul 2017 02:40:00 GMT',
      undefined,
      'Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
    const times = rows.times!;
    expect(Array.from(times)).toEqual([1_500_000_000_000, Number.NaN, 0]);
    expect(rows.times).toBe(times);
  });
});
