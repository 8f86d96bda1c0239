import { describe, expect, it } from 'vitest';
import {
  addAnomalies,
  hasAnomalies,
  MAX_PLAUSIBLE_TOTAL,
  NO_ANOMALIES,
  screenPage,
  UNBOUNDED_SLACK,
} from './page-checks.ts';

const id = (n: number) => n.toString(16).padStart(24, '0');
const items = (...ns: number[]) => ns.map((n) => ({ _id: id(n) }));
const meta = (total: number, maxResults = 3) => ({ page: 1, maxResults, total });
const bounded = { from: id(10), hi: id(99) };
const open = { from: null, hi: null };

describe('screenPage', () => {
  it.each([
    { name: 'a full page, more to come', page: items(11, 12, 13), total: 7, asked: bounded },
    { name: 'a short last page', page: items(11, 12), total: 2, asked: bounded },
    { name: 'nothing left', page: [], total: 0, asked: bounded },
    { name: 'a tail page one upload behind its count', page: items(11), total: 2, asked: open },
  ])('believes $name', ({ page, total, asked }) => {
    const screened = screenPage(page, meta(total), asked);
    expect(screened).toEqual({ items: page, total, anomalies: NO_ANOMALIES });
  });

  it.each([
    { name: 'a count with no records (total 120, none served)', page: [], total: 120, asked: open },
    {
      name: 'a short page counting more than it carries',
      page: items(11),
      total: 2,
      asked: bounded,
    },
    {
      name: 'a full page counting fewer than it carries',
      page: items(11, 12, 13),
      total: 1,
      asked: bounded,
    },
    {
      name: 'a page whose count disagrees with what the page before left',
      page: items(14, 15, 16),
      total: 400,
      asked: { ...bounded, expectedTotal: 4 },
    },
  ])('flags $name, and ignores its count', ({ page, total, asked }) => {
    const screened = screenPage(page, meta(total), asked);
    expect(screened.total).toBeNull();
    expect(screened.items).toEqual(page);
    expect(screened.anomalies).toEqual({
      ...NO_ANOMALIES,
      countMismatches: 1,
      example: { total, served: page.length },
    });
  });

  it(`allows uploads to move an unbounded count by up to ${UNBOUNDED_SLACK}, a bounded one by none`, () => {
    const tail = screenPage(items(11), meta(1 + UNBOUNDED_SLACK), open);
    expect(tail.total).toBe(1 + UNBOUNDED_SLACK);
    expect(screenPage(items(11), meta(2 + UNBOUNDED_SLACK), open).total).toBeNull();
    expect(screenPage(items(11), meta(2), bounded).total).toBeNull();
  });

  it('counts impossible totals and never passes them on', () => {
    for (const total of [MAX_PLAUSIBLE_TOTAL + 1, 9_007_199_254_741_112, Number.NaN]) {
      const screened = screenPage(items(11, 12, 13), meta(total), bounded);
      expect(screened.total).toBeNull();
      expect(screened.anomalies.implausibleTotals).toBe(1);
    }
  });

  it('drops records at or below the lower bound and repeats within the page, counting them', () => {
    const screened = screenPage(items(9, 10, 11, 11, 12), meta(3, 5), bounded);
    expect(screened.items).toEqual(items(11, 12));
    expect(screened.anomalies.duplicates).toBe(3);
  });

  it('does not compare the whole query’s count with a numbered page (page plans)', () => {
    const screened = screenPage(items(1, 2), meta(500), { ...open, paged: true });
    expect(screened.total).toBe(500);
    expect(hasAnomalies(screened.anomalies)).toBe(false);
  });
});

describe('anomaly counts', () => {
  it('add up, keeping the first example', () => {
    const a = {
      duplicates: 1,
      countMismatches: 1,
      example: { total: 5, served: 1 },
      implausibleTotals: 0,
    };
    const b = {
      duplicates: 2,
      countMismatches: 1,
      example: { total: 9, served: 0 },
      implausibleTotals: 3,
    };
    expect(addAnomalies(a, b)).toEqual({
      duplicates: 3,
      countMismatches: 2,
      example: { total: 5, served: 1 },
      implausibleTotals: 3,
    });
    expect(hasAnomalies(addAnomalies(undefined, undefined))).toBe(false);
  });
});
