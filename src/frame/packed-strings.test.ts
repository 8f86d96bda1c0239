import { describe, expect, it } from 'vitest';
import {
  hexAt,
  httpDateText,
  isMissingRow,
  packHex,
  packHttpDates,
  readHttpDate,
} from './packed-strings.ts';

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unpackHex = (values: readonly unknown[]) => {
  const packed = packHex(values, values.length);
  if (!packed) return null;
  return values.map((_, row) =>
    isMissingRow(packed.missing, row) ? undefined : hexAt(packed.bytes, packed.width, row),
  );
};

describe('packHex', () => {
  it('gives back every md5sum and ObjectId exactly', () => {
    const next = random(1);
    for (const chars of [32, 24]) {
      const values = Array.from({ length: 500 }, () =>
        Array.from({ length: chars }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join(''),
      );
      expect(unpackHex(values)).toEqual(values);
    }
  });

  it('keeps missing rows missing (undefined and null)', () => {
    const values = [undefined, 'ff00', null, '00ff', undefined];
    expect(unpackHex(values)).toEqual([undefined, 'ff00', undefined, '00ff', undefined]);
    expect(packHex(values, values.length)?.missing).toEqual(Uint32Array.of(0, 2, 4));
  });

  it.each([
    ['upper case (would come back lower)', ['ABCD']],
    ['mixed case', ['abCD']],
    ['lengths differ', ['abcd', 'abcdef']],
    ['odd length', ['abc']],
    ['empty string', ['']],
    ['not hex', ['abcg']],
    ['a number', ['abcd', 12]],
    ['a non-ASCII character', ['ab\u00e9d']],
    ['nothing present', [undefined, null]],
    ['longer than 128 digits', ['ab'.repeat(65)]],
  ])('is refused for %s', (_name, values) => {
    expect(packHex(values, values.length)).toBeNull();
  });
});

describe('HTTP dates', () => {
  it('formats like Date#toUTCString across 1970–2099, and reads its own text back', () => {
    const next = random(2);
    const start = Date.UTC(1970, 0, 1);
    const span = Date.UTC(2100, 0, 1) - start;
    for (let i = 0; i < 2000; i++) {
      const ms = start + Math.floor((next() * span) / 1000) * 1000;
      const text = httpDateText(ms);
      expect(text).toBe(new Date(ms).toUTCString());
      expect(readHttpDate(text)).toBe(ms);
    }
  });

  it('packs dates that format back to their own text, and keeps missing rows missing', () => {
    const values = ['Tue, 22 Aug 2017 19:10:36 GMT', undefined, 'Thu, 01 Jan 1970 00:00:00 GMT'];
    const ms = packHttpDates(values, values.length);
    expect(ms && Array.from(ms)).toEqual([Date.UTC(2017, 7, 22, 19, 10, 36), Number.NaN, 0]);
  });

  it.each([
    ['a wrong weekday', 'Mon, 22 Aug 2017 19:10:36 GMT'],
    ['a day that does not exist', 'Thu, 30 Feb 2017 19:10:36 GMT'],
    ['an hour past 23', 'Tue, 22 Aug 2017 24:10:36 GMT'],
    ['ISO 8601', '2017-08-22T19:10:36Z'],
    ['another time zone', 'Tue, 22 Aug 2017 19:10:36 UTC'],
    ['single-digit day', 'Tue, 2 Aug 2017 19:10:36 GMT'],
    ['free text', 'yesterday'],
  ])('refuses a column holding %s (it would not come back the same)', (_name, text) => {
    const values = ['Tue, 22 Aug 2017 19:10:36 GMT', text];
    expect(packHttpDates(values, values.length)).toBeNull();
  });

  it('refuses a column with no date at all', () => {
    expect(packHttpDates([undefined, null], 2)).toBeNull();
  });
});
