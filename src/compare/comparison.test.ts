import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { compareIqm } from './compare-iqm.ts';
import { assembleComparison, comparisonCsv, flaggedIqms, sortScans } from './comparison.ts';
import { parseGroupFile } from './parse-group-file.ts';

/** Crowd 1..10 for both IQMs; rows 10 and 11 are outside the view and must not count. */
const crowd = Float64Array.from({ length: 12 }, (_, i) => (i < 10 ? i + 1 : 1000));
const viewRows = Uint32Array.from({ length: 10 }, (_, i) => i);

function compare(text: string) {
  const file = parseGroupFile(text);
  if (file.type !== 'ok') throw new Error(file.message);
  const iqms = file.iqms.map((iqm, i) => compareIqm(iqm, crowd, viewRows, file.values[i]!));
  return assembleComparison(file, iqms);
}

const FILE = [
  'bids_name\tcjv\tcnr',
  'sub-10_T1w\t3\t25', // cnr flagged
  'sub-2_T1w\t1\t0', // both flagged
  '=cmd_T1w\t5\t', // a name a spreadsheet would run
].join('\n');

describe('a comparison', () => {
  it('percentiles come from the view rows only', () => {
    const c = compare(FILE);
    // cjv 3 among 1..10: (2 + 0.5) / 10
    expect(c.iqms[0]!.standing.percentiles[0]).toBe(25);
  });

  it('counts and names the flagged IQMs of each scan', () => {
    const c = compare(FILE);
    expect(Array.from(c.flagCount)).toEqual([1, 2, 0]);
    expect(flaggedIqms(c, 1)).toEqual(['cjv', 'cnr']);
  });

  it('sorts by name (natural order), by flags, by an IQM percentile with missing last', () => {
    const c = compare(FILE);
    const names = (order: Uint32Array) => Array.from(order, (s) => c.file.scans[s]);
    expect(names(sortScans(c, { by: 'name', desc: false }))).toEqual([
      '=cmd_T1w',
      'sub-2_T1w',
      'sub-10_T1w',
    ]);
    expect(names(sortScans(c, { by: 'flags', desc: true }))).toEqual([
      'sub-2_T1w',
      'sub-10_T1w',
      '=cmd_T1w',
    ]);
    expect(names(sortScans(c, { by: 'percentile', iqm: 'cnr', desc: true }))).toEqual([
      'sub-10_T1w',
      'sub-2_T1w',
      '=cmd_T1w',
    ]);
    expect(names(sortScans(c, { by: 'percentile', iqm: 'cnr', desc: false }))).toEqual([
      'sub-2_T1w',
      'sub-10_T1w',
      '=cmd_T1w',
    ]);
  });

  it('never flags image size or voxel spacing (the protocol, not its quality)', () => {
    const c = compare('bids_name\tspacing_x\tcjv\nsub-01_T1w\t500\t500\n');
    expect(c.iqms.map((i) => i.standing.percentiles[0])).toEqual([100, 100]);
    expect(flaggedIqms(c, 0)).toEqual(['cjv']);
  });

  it('exports one CSV row per scan with values, percentiles and robust z', () => {
    const c = compare(FILE);
    const csv = comparisonCsv(c, sortScans(c, { by: 'flags', desc: true }));
    const { data } = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(Object.keys(data[0]!)).toEqual([
      'bids_name',
      'flags',
      'flagged_iqms',
      'cjv',
      'cjv_percentile',
      'cjv_robust_z',
      'cnr',
      'cnr_percentile',
      'cnr_robust_z',
    ]);
    expect(data.map((r) => r.bids_name)).toEqual(['sub-2_T1w', 'sub-10_T1w', "'=cmd_T1w"]);
    expect(data[0]).toMatchObject({ flags: '2', flagged_iqms: 'cjv cnr', cjv: '1' });
    // cjv 1 among 1..10: (0 + 0.5) / 10; z = (1 − 5.5) / (1.4826 × 2.5)
    expect(data[0]!.cjv_percentile).toBe('5.00');
    expect(data[0]!.cjv_robust_z).toBe((-4.5 / (1.4826 * 2.5)).toFixed(3));
    expect(data[2]).toMatchObject({ cnr: '', cnr_percentile: '', cnr_robust_z: '' });
  });
});
