import { describe, expect, it } from 'vitest';
import { fromDecoded, lazyText } from './column.ts';
import { createdTimeOf, createdTimes, parseHttpDate } from './created-time.ts';
import { stringRows } from './text-rows.ts';

describe('parseHttpDate', () => {
  it.each([
    ['Tue, 22 Aug 2017 19:10:36 GMT', Date.UTC(2017, 7, 22, 19, 10, 36)],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Sat, 29 Feb 2020 23:59:59 GMT', Date.UTC(2020, 1, 29, 23, 59, 59)],
    ['Mon, 31 Dec 2018 12:00:00 GMT', Date.UTC(2018, 11, 31, 12)],
    ['2017-08-22T19:10:36Z', Date.UTC(2017, 7, 22, 19, 10, 36)],
    ['Tue, 22 Xyz 2017 19:10:36 GMT', Number.NaN],
    ['not a date', Number.NaN],
    ['5', Number.NaN],
    ['', Number.NaN],
  ])('%s', (text, expected) => {
    expect(parseHttpDate(text)).toBe(expected);
  });

  it('agrees with Date.parse on every month', () => {
    for (let month = 0; month < 12; month++) {
      const text = new Date(Date.UTC(2021, month, 3, 4, 5, 6)).toUTCString();
      expect(parseHttpDate(text)).toBe(Date.parse(text));
    }
  });
});

describe('createdTimes', () => {
  it.each([
    ['text', ['Thu, 01 Jan 1970 00:00:01 GMT', undefined, 'junk'], [1000, Number.NaN, Number.NaN]],
    ['numbers (epoch ms)', [5, undefined], [5, Number.NaN]],
    ['mixed', [5, 'Thu, 01 Jan 1970 00:00:02 GMT'], [Number.NaN, 2000]],
  ])('%s', (_name, values, expected) => {
    expect(Array.from(createdTimes(fromDecoded(values)))).toEqual(expected);
  });
});

describe('createdTimeOf', () => {
  it('gives each row the time createdTimes gives, for coded, lazily coded and number columns', () => {
    const dates = ['Thu, 01 Jan 1970 00:00:01 GMT', undefined, 'garbage', '2017-08-22T19:10:36Z'];
    const columns = [
      fromDecoded(dates),
      lazyText(stringRows(dates)),
      fromDecoded([1000, undefined, 5]),
    ];
    for (const column of columns) {
      const all = Array.from(createdTimes(column));
      const one = createdTimeOf(column);
      expect(all.map((_, row) => one(row))).toEqual(all);
    }
  });
});
