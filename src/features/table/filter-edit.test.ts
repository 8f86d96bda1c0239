import { describe, expect, it } from 'vitest';
import type { FilterSpec } from '../../frame/view-spec.ts';
import {
  categoryFilter,
  describeFilter,
  filterKind,
  rangeFilter,
  setColumnFilter,
  textFilter,
} from './filter-edit.ts';

describe('filterKind', () => {
  it('gives numbers a range, few categories a checklist, other text a search', () => {
    expect(filterKind('number', undefined)).toBe('range');
    expect(filterKind('text', 5)).toBe('categories');
    expect(filterKind('text', 40)).toBe('categories');
    expect(filterKind('text', 41)).toBe('text');
    expect(filterKind('text', undefined)).toBe('text');
  });
});

describe('rangeFilter', () => {
  it('reads either bound or both, trimming blanks', () => {
    expect(rangeFilter('cjv', ' 0.5 ', '')).toEqual({
      type: 'ok',
      filter: { column: 'cjv', type: 'range', min: 0.5 },
    });
    expect(rangeFilter('cjv', '', '2')).toEqual({
      type: 'ok',
      filter: { column: 'cjv', type: 'range', max: 2 },
    });
    expect(rangeFilter('snr', '-1e3', '1e3')).toEqual({
      type: 'ok',
      filter: { column: 'snr', type: 'range', min: -1000, max: 1000 },
    });
  });

  it('treats two empty boxes as no filter', () => {
    expect(rangeFilter('cjv', '', '  ')).toEqual({ type: 'ok', filter: null });
  });

  it('refuses text that is not a number, and a minimum above the maximum, with a message', () => {
    const word = rangeFilter('cjv', 'abc', '');
    expect(word.type === 'error' && word.message).toContain('must be a number');
    const upside = rangeFilter('cjv', '3', '1');
    expect(upside.type === 'error' && upside.message).toContain('above the maximum');
  });
});

describe('textFilter and categoryFilter', () => {
  it('builds contains/equals filters; an empty contains is none', () => {
    expect(textFilter('_id', 'contains', '5a')).toEqual({
      type: 'ok',
      filter: { column: '_id', type: 'contains', text: '5a' },
    });
    expect(textFilter('_id', 'contains', '')).toEqual({ type: 'ok', filter: null });
    expect(textFilter('v', 'equals', '')).toEqual({
      type: 'ok',
      filter: { column: 'v', type: 'equals', value: '' },
    });
  });

  it('keeps ticked categories and the missing choice; nothing ticked is no filter', () => {
    expect(categoryFilter('m', ['GE', 'Siemens'], true)).toEqual({
      type: 'ok',
      filter: { column: 'm', type: 'in', values: ['GE', 'Siemens'], missing: true },
    });
    expect(categoryFilter('m', [], false)).toEqual({ type: 'ok', filter: null });
  });
});

describe('setColumnFilter', () => {
  const a: FilterSpec = { column: 'a', type: 'range', min: 1 };
  const b: FilterSpec = { column: 'b', type: 'contains', text: 'x' };

  it('replaces a column’s filter in place, appends a new one, removes with null', () => {
    const a2: FilterSpec = { column: 'a', type: 'range', max: 9 };
    expect(setColumnFilter([a, b], 'a', a2)).toEqual([a2, b]);
    expect(setColumnFilter([a], 'b', b)).toEqual([a, b]);
    expect(setColumnFilter([a, b], 'a', null)).toEqual([b]);
    expect(setColumnFilter([b], 'a', null)).toEqual([b]);
  });

  it('folds duplicates of one column (a hand-edited link) into the new filter', () => {
    const a2: FilterSpec = { column: 'a', type: 'range', max: 9 };
    expect(setColumnFilter([b, a, a], 'a', a2)).toEqual([b, a2]);
  });
});

describe('describeFilter', () => {
  it.each<[FilterSpec, string]>([
    [{ column: 'cjv', type: 'range', min: 0.5 }, 'cjv ≥ 0.5'],
    [{ column: 'cjv', type: 'range', max: 2 }, 'cjv ≤ 2'],
    [{ column: 'cjv', type: 'range', min: 0.2, max: 0.5 }, '0.2 ≤ cjv ≤ 0.5'],
    [{ column: 'v', type: 'equals', value: '23.1.0' }, 'v is “23.1.0”'],
    [{ column: 'v', type: 'equals', value: '' }, 'v is empty'],
    [{ column: 'id', type: 'contains', text: '5a' }, 'id contains “5a”'],
    [{ column: 'm', type: 'in', values: ['GE', 'Siemens'] }, 'm is “GE” or “Siemens”'],
    [{ column: 'm', type: 'in', values: ['GE'], missing: true }, 'm is “GE” or missing'],
  ])('%o reads “%s”', (filter, words) => {
    expect(describeFilter(filter)).toBe(words);
  });
});
