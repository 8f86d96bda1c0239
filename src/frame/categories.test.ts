import { describe, expect, it } from 'vitest';
import { categoryCodes, countCategories } from './categories.ts';
import { fromDecoded } from './column.ts';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const brief = (c: { kind: string; value: string; count: number; distinct: number }) =>
  `${c.kind === 'value' ? c.value : c.kind}:${c.count}${c.kind === 'other' ? `/${c.distinct}` : ''}`;

describe('categoryCodes', () => {
  it('codes a number column by value (field strength), missing as 0', () => {
    const coded = categoryCodes(fromDecoded([3, 1.5, 3, undefined]));
    expect([...coded.codes]).toEqual([1, 2, 1, 0]);
    expect(coded.dict).toEqual(['3', '1.5']);
  });

  it('returns the same coding for the same column (cached)', () => {
    const column = fromDecoded([3, 7]);
    expect(categoryCodes(column)).toBe(categoryCodes(column));
  });
});

describe('countCategories', () => {
  const makers = fromDecoded([
    'Siemens',
    'GE',
    'Siemens',
    undefined,
    'Philips',
    'Siemens',
    'GE',
    'Toshiba',
    undefined,
    'Hitachi',
  ]);

  it('keeps the top N by count, folds the rest into other, and counts missing last', () => {
    const { categories } = countCategories(categoryCodes(makers), all(10), { top: 2 });
    // Siemens 3, GE 2; other: Philips, Toshiba, Hitachi (3 values, 3 rows); missing 2.
    expect(categories.map(brief)).toEqual(['Siemens:3', 'GE:2', 'other:3/3', 'missing:2']);
  });

  it('breaks count ties by natural order and can order the top by label', () => {
    const versions = fromDecoded(['10.1', '9.0', '9.0', '10.1', '0.9.5', '23.1.0', '23.1.0']);
    const byCount = countCategories(categoryCodes(versions), all(7), { top: 4 });
    expect(byCount.categories.map(brief)).toEqual(['9.0:2', '10.1:2', '23.1.0:2', '0.9.5:1']);
    const byLabel = countCategories(categoryCodes(versions), all(7), { top: 3, order: 'label' });
    // The top 3 by count, shown in version order; 0.9.5 is "other".
    expect(byLabel.categories.map(brief)).toEqual(['9.0:2', '10.1:2', '23.1.0:2', 'other:1/1']);
  });

  it('counts only the selected rows and leaves out groups with no rows', () => {
    const { categories, groups } = countCategories(categoryCodes(makers), Uint32Array.of(1, 6, 4));
    expect(categories.map(brief)).toEqual(['GE:2', 'Philips:1']);
    expect(groups.count).toBe(2);
    // Siemens (code 1) has no group in this selection.
    expect(groups.groupOfCode[1]).toBe(-1);
  });

  it('maps every code of a row to its group', () => {
    const coded = categoryCodes(makers);
    const { groups } = countCategories(coded, all(10), { top: 1 });
    const groupOfRow = [...coded.codes].map((code) => groups.groupOfCode[code]);
    // Siemens → 0, other makers → 1, missing → 2.
    expect(groupOfRow).toEqual([0, 1, 0, 2, 1, 0, 1, 1, 2, 1]);
  });

  it('gives no categories for no rows', () => {
    expect(countCategories(categoryCodes(makers), new Uint32Array(0)).categories).toEqual([]);
  });
});
