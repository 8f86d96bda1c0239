import { describe, expect, it } from 'vitest';
import type { Summary } from '../../frame/group-summary.ts';
import { type SummaryRow, toDelimited } from './summary-rows.ts';

const summary: Summary = {
  n: 4,
  missing: 1,
  median: 2.5,
  q1: 1.75,
  q3: 3.25,
  iqr: 1.5,
  p01: 1.03,
  p99: 3.97,
};
const empty: Summary = { ...summary, n: 0, missing: 2, median: Number.NaN, iqr: Number.NaN };

describe('toDelimited', () => {
  const rows: SummaryRow[] = [
    { iqm: 'cjv', unit: 'dimensionless', group: 'All records', summary },
    { iqm: 'cjv', unit: 'dimensionless', group: 'Not given', summary: empty },
  ];

  it('writes TSV with a header and unrounded numbers, no value as an empty cell', () => {
    const lines = toDelimited(rows, 'tsv').split('\n');
    expect(lines[0]).toBe('IQM\tUnit\tGroup\tn\tNo value\tMedian\tQ1\tQ3\tIQR\tp01\tp99');
    expect(lines[1]).toBe(
      'cjv\tdimensionless\tAll records\t4\t1\t2.5\t1.75\t3.25\t1.5\t1.03\t3.97',
    );
    expect(lines[2]!.split('\t').slice(3, 6)).toEqual(['0', '2', '']);
    expect(lines[3]).toBe('');
  });

  it('quotes CSV cells that need it and defuses formula-like text', () => {
    const odd: SummaryRow[] = [{ iqm: 'snr', unit: 'a.u.', group: '=HYPERLINK("x"), GE', summary }];
    const line = toDelimited(odd, 'csv').split('\r\n')[1];
    expect(line).toBe(`snr,a.u.,"'=HYPERLINK(""x""), GE",4,1,2.5,1.75,3.25,1.5,1.03,3.97`);
  });

  it('keeps a TSV row on one line whatever the group is called', () => {
    const odd: SummaryRow[] = [{ iqm: 'snr', unit: 'u', group: 'GE\tMedical\nSystems', summary }];
    expect(
      toDelimited(odd, 'tsv').split('\n')[1]!.startsWith('snr\tu\tGE Medical Systems\t4'),
    ).toBe(true);
  });
});
