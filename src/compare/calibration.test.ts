import { describe, expect, it } from 'vitest';
import { compareIqm, testedSideOf } from './compare-iqm.ts';
import { assembleComparison, flagRates } from './comparison.ts';
import { parseGroupFile } from './parse-group-file.ts';
import { draw, SHAPES, seeded } from './random.test-support.ts';

/**
 * Calibration: a "group file" of scans drawn from the crowd's own distribution gets flags at
 * the stated chance rate, k IQMs × p per scan. A synthetic crowd of real T1w IQM names (each
 * direction: lower/higher-better, neither; geometry, never tested) with IQM-like shapes.
 */
const IQMS: [string, keyof typeof SHAPES][] = [
  ['cjv', 'lognormal'], // lower is better
  ['efc', 'uniform'],
  ['qi_2', 'exponential'],
  ['fwhm_avg', 'normal'],
  ['cnr', 'lognormal'], // higher is better
  ['snr_total', 'normal'],
  ['fber', 'heavy'],
  ['tpm_overlap_gm', 'uniform'],
  ['summary_bg_k', 'heavy'], // no better side
  ['wm2max', 'uniform'],
  ['inu_med', 'normal'],
  ['icvs_gm', 'exponential'],
  ['size_x', 'normal'], // geometry: never flagged, not counted
];
const CROWD = 5_000;
const SCANS = 150;
const FILES = 20;

function groupFile(random: () => number): string {
  const columns = IQMS.map(([, shape]) => draw(SHAPES[shape]!, SCANS, random));
  const lines = [['bids_name', ...IQMS.map(([name]) => name)].join('\t')];
  for (let s = 0; s < SCANS; s++)
    lines.push([`sub-${s + 1}_T1w`, ...columns.map((c) => String(c[s]))].join('\t'));
  return lines.join('\n');
}

describe('calibration: scans drawn from the crowd get flags at the chance rate', () => {
  it(`${FILES} files of ${SCANS} scans: mean flags per scan within 3 binomial SDs of k·p`, () => {
    const random = seeded(2026);
    const crowd = IQMS.map(([, shape]) => draw(SHAPES[shape]!, CROWD, random));
    const rows = Uint32Array.from({ length: CROWD }, (_, i) => i);
    let observed = 0;
    let trials = 0;
    let tailP = 0;
    let tested = 0;
    for (let f = 0; f < FILES; f++) {
      const file = parseGroupFile(groupFile(random));
      if (file.type !== 'ok') throw new Error(file.message);
      const iqms = file.iqms.map((iqm, i) =>
        compareIqm(iqm, crowd[i]!, rows, file.values[i]!, testedSideOf('T1w', iqm)),
      );
      const rates = flagRates(assembleComparison(file, iqms));
      observed += rates.observedMean * SCANS;
      trials += rates.tested * SCANS;
      ({ tailP, tested } = rates);
    }
    expect(tested).toBe(IQMS.length - 1); // size_x is not tested
    // Flags ~ Binomial(trials, p) if each (scan, IQM) flags independently with chance p; the
    // crowd's tail quantiles are themselves estimated from 5,000 values, which adds about as
    // much again (a share's SD √(p(1−p)/5000) per IQM, shared by all its scans): both counted.
    const expected = trials * tailP;
    const binomialSd = Math.sqrt(trials * tailP * (1 - tailP));
    const quantileSd =
      (trials / tested) * Math.sqrt((tailP * (1 - tailP)) / CROWD) * Math.sqrt(tested);
    const tolerance = 3 * Math.hypot(binomialSd, quantileSd);
    expect(Math.abs(observed - expected)).toBeLessThan(tolerance);
    // and the tolerance is tight enough to tell p from the old rule's ≈ 2–3× p
    expect(tolerance).toBeLessThan(expected / 2);
  });
});
