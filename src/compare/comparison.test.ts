import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { compareIqm, testedSideOf } from './compare-iqm.ts';
import {
  assembleComparison,
  comparisonCsv,
  describeFlags,
  flaggedIqms,
  flagRates,
  sortScans,
} from './comparison.ts';
import { parseGroupFile } from './parse-group-file.ts';

/** Crowd 1..10 for both IQMs; rows 10 and 11 are outside the view and must not count. */
const crowd = Float64Array.from({ length: 12 }, (_, i) => (i < 10 ? i + 1 : 1000));
const viewRows = Uint32Array.from({ length: 10 }, (_, i) => i);

function compare(text: string) {
  const file = parseGroupFile(text);
  if (file.type !== 'ok') throw new Error(file.message);
  const iqms = file.iqms.map((iqm, i) =>
    compareIqm(iqm, crowd, viewRows, file.values[i]!, testedSideOf('T1w', iqm)),
  );
  return assembleComparison(file, iqms);
}

// cjv: lower is better (high values flagged); cnr: higher is better (low values flagged).
const FILE = [
  'bids_name\tcjv\tcnr',
  'sub-10_T1w\t3\t25', // cnr far above the crowd: its better side, not flagged
  'sub-2_T1w\t11\t0', // both on their worse side: flagged
  '=cmd_T1w\t0\t', // a name a spreadsheet would run; cjv below the crowd is good
  'sub-3_T1w\t20\t5', // cjv flagged
].join('\n');

describe('a comparison', () => {
  it('percentiles come from the view rows only', () => {
    const c = compare(FILE);
    // cjv 3 among 1..10: (2 + 0.5) / 10
    expect(c.iqms[0]!.standing.percentiles[0]).toBe(25);
  });

  it('counts and names the flagged IQMs of each scan', () => {
    const c = compare(FILE);
    expect(Array.from(c.flagCount)).toEqual([0, 2, 0, 1]);
    expect(Array.from(c.testedCount)).toEqual([2, 2, 1, 2]);
    expect(flaggedIqms(c, 1)).toEqual(['cjv', 'cnr']);
  });

  it('says why in words: which percentile, on the worse side', () => {
    const c = compare(FILE);
    const [cjv, cnr] = c.iqms;
    expect(describeFlags(cjv!.standing.flags[1]!, cjv!.standing.tested)).toBe(
      "above the crowd's 99th percentile (worse than 99% of it)",
    );
    expect(describeFlags(cnr!.standing.flags[1]!, cnr!.standing.tested)).toBe(
      "below the crowd's 1st percentile (worse than 99% of it)",
    );
  });

  it('states the chance rate: k IQMs at p, expected flags beside those found', () => {
    const c = compare(FILE);
    const r = flagRates(c);
    expect(r.tested).toBe(2);
    // 7 IQM values tested (one cnr missing) at 1% over 4 scans
    expect(r.expectedMean).toBeCloseTo((7 * 0.01) / 4, 12);
    expect(r.observedMean).toBe(3 / 4);
    expect(r.flagged).toBe(2);
    // sub-2: 2 of 2 at 1% → 0.0001; sub-3: 1 of 2 → 1 − 0.99² = 0.0199 (not below 1%)
    expect(r.beyondChance).toBe(1);
    expect(c.chance[1]).toBeCloseTo(0.0001, 12);
    expect(c.chance[3]).toBeCloseTo(1 - 0.99 ** 2, 12);
  });

  it('sorts by name (natural order), by flags, by an IQM percentile with missing last', () => {
    const c = compare(FILE);
    const names = (order: Uint32Array) => Array.from(order, (s) => c.file.scans[s]);
    expect(names(sortScans(c, { by: 'name', desc: false }))).toEqual([
      '=cmd_T1w',
      'sub-2_T1w',
      'sub-3_T1w',
      'sub-10_T1w',
    ]);
    // least explained by chance first; equal chances keep file order
    expect(names(sortScans(c, { by: 'flags', desc: true }))).toEqual([
      'sub-2_T1w',
      'sub-3_T1w',
      'sub-10_T1w',
      '=cmd_T1w',
    ]);
    expect(names(sortScans(c, { by: 'percentile', iqm: 'cnr', desc: true }))).toEqual([
      'sub-10_T1w',
      'sub-3_T1w',
      'sub-2_T1w',
      '=cmd_T1w',
    ]);
    expect(names(sortScans(c, { by: 'percentile', iqm: 'cnr', desc: false }))).toEqual([
      'sub-2_T1w',
      'sub-3_T1w',
      'sub-10_T1w',
      '=cmd_T1w',
    ]);
  });

  it('never flags image size or voxel spacing (the protocol, not its quality)', () => {
    const c = compare('bids_name\tspacing_x\tcjv\nsub-01_T1w\t500\t500\n');
    expect(c.tested).toBe(1);
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
      'tested',
      'flag_chance',
      'flagged_iqms',
      'cjv',
      'cjv_percentile',
      'cjv_robust_z',
      'cnr',
      'cnr_percentile',
      'cnr_robust_z',
    ]);
    expect(data.map((r) => r.bids_name)).toEqual([
      'sub-2_T1w',
      'sub-3_T1w',
      'sub-10_T1w',
      "'=cmd_T1w",
    ]);
    expect(data[0]).toMatchObject({ flags: '2', tested: '2', flagged_iqms: 'cjv cnr', cjv: '11' });
    expect(Number(data[0]!.flag_chance)).toBeCloseTo(0.0001, 8);
    // cjv 3 among 1..10: (2 + 0.5) / 10; z = (3 − 5.5) / (1.4826 × 2.5)
    expect(data[2]!.cjv_percentile).toBe('25.00');
    expect(data[2]!.cjv_robust_z).toBe((-2.5 / (1.4826 * 2.5)).toFixed(3));
    expect(data[3]).toMatchObject({ cnr: '', cnr_percentile: '', cnr_robust_z: '' });
  });
});
