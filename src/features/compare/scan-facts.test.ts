import { describe, expect, it } from 'vitest';
import { compareIqm, testedSideOf } from '../../compare/compare-iqm.ts';
import { assembleComparison, describeFlags, flaggedIqms } from '../../compare/comparison.ts';
import { parseGroupFile } from '../../compare/parse-group-file.ts';
import { formatValue, formatZ, neighbours, scanIqms } from './scan-facts.ts';

/** Crowd 1..10 for every IQM. */
const crowd = Float64Array.from({ length: 10 }, (_, i) => i + 1);
const rows = Uint32Array.from({ length: 10 }, (_, i) => i);

function compare(text: string) {
  const file = parseGroupFile(text);
  if (file.type !== 'ok') throw new Error(file.message);
  const iqms = file.iqms.map((iqm, i) =>
    compareIqm(iqm, crowd, rows, file.values[i]!, testedSideOf('T1w', iqm)),
  );
  return assembleComparison(file, iqms);
}

const FILE = [
  'bids_name\tcjv\tcnr\tsnr_total',
  'sub-01_T1w\t3\t25\t5.5',
  'sub-02_T1w\t40\t0\t5',
  'sub-03_T1w\t5\t\t5',
].join('\n');

describe("a scan's page facts", () => {
  it('lists every compared IQM of the scan in the file order, with its own value', () => {
    const facts = scanIqms(compare(FILE), 0);
    expect(facts.map((f) => f.comparison.iqm)).toEqual(['cjv', 'cnr', 'snr_total']);
    expect(facts.map((f) => f.value)).toEqual([3, 25, 5.5]);
    // cjv 3 among 1..10: (2 below + 3 at or below) / 2 / 10.
    expect(facts[0]!.percentile).toBe(25);
  });

  it('flags and reasons are the ones the table shows for that scan', () => {
    const c = compare(FILE);
    for (let s = 0; s < c.file.scans.length; s++) {
      const facts = scanIqms(c, s);
      expect(facts.filter((f) => f.flags).map((f) => f.comparison.iqm)).toEqual(flaggedIqms(c, s));
      for (const f of facts)
        expect(f.reason).toBe(f.flags ? describeFlags(f.flags, f.comparison.standing.tested) : '');
    }
    // A value far on the worse side of the crowd (cjv 40 among 1..10) is flagged, with a reason.
    const far = scanIqms(c, 1).find((f) => f.comparison.iqm === 'cjv')!;
    expect(far.reason).not.toBe('');
  });

  it('a missing value reads as missing, not as a number', () => {
    const cnr = scanIqms(compare(FILE), 2)[1]!;
    expect(cnr.value).toBeNaN();
    expect(cnr.percentile).toBeNaN();
    expect(cnr.z).toBeNaN();
    expect(cnr.reason).toBe('');
    expect(formatValue(cnr.value)).toBe('—');
    expect(formatZ(cnr.z)).toBe('—');
  });
});

describe('stepping through scans', () => {
  it.each([
    [Uint32Array.of(4, 2, 7), 2, { position: 1, previous: 4, next: 7 }],
    [Uint32Array.of(4, 2, 7), 4, { position: 0, previous: null, next: 2 }],
    [Uint32Array.of(4, 2, 7), 7, { position: 2, previous: 2, next: null }],
    [Uint32Array.of(4), 4, { position: 0, previous: null, next: null }],
    [Uint32Array.of(4, 2), 9, { position: -1, previous: null, next: null }],
  ])('in %o, scan %i', (order, s, expected) => {
    expect(neighbours(order, s)).toEqual(expected);
  });
});

describe('numbers as the page writes them', () => {
  it.each([
    [12797.67578, '12,798'],
    [0.458906223, '0.45891'],
    [0.005767151, '0.0057672'],
    [176, '176'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('value %d reads %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it.each([
    [-1.234, '-1.23'],
    [4, '4.00'],
    // A value ≤ 0 against a log-scale crowd.
    [Number.NEGATIVE_INFINITY, '−∞'],
    [Number.NaN, '—'],
  ])('robust z %d reads %s', (z, text) => {
    expect(formatZ(z)).toBe(text);
  });
});
