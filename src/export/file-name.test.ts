import { describe, expect, it } from 'vitest';
import { exportFileName, type FileNameParts, versionedFileName } from './file-name.ts';

const BASE: FileNameParts = {
  modality: 'T1w',
  software: 'mriqc',
  versions: ['23.1.0'],
  show: 'unique',
  where: '',
  filters: [],
  date: new Date(2026, 10, 28, 23, 59),
  format: 'csv',
  appVersion: '1.4.0',
};

describe('exportFileName', () => {
  it.each<[string, Partial<FileNameParts>, string]>([
    ['the issue example', {}, 'crowdmri-v1.4.0_T1w_mriqc_23.1.0_unique_2026-11-28.csv'],
    ['TSV', { format: 'tsv', show: 'all' }, 'crowdmri-v1.4.0_T1w_mriqc_23.1.0_all_2026-11-28.tsv'],
    [
      'all versions, any software',
      { software: ' ', versions: [], show: 'duplicates', modality: 'bold' },
      'crowdmri-v1.4.0_bold_duplicates_2026-11-28.csv',
    ],
    [
      'two versions',
      { versions: ['22.0.6', '23.1.0'] },
      'crowdmri-v1.4.0_T1w_mriqc_22.0.6+23.1.0_unique_2026-11-28.csv',
    ],
    [
      'many versions are counted',
      { versions: ['1', '2', '3', '4'] },
      'crowdmri-v1.4.0_T1w_mriqc_4-versions_unique_2026-11-28.csv',
    ],
    [
      'characters illegal in file names',
      { software: 'my/soft:ware*?"<>|\\ x', versions: ['..1.0 beta'] },
      'crowdmri-v1.4.0_T1w_my-soft-ware-x_1.0-beta_unique_2026-11-28.csv',
    ],
    [
      'synthetic data (the local mirror) say so',
      { synthetic: true },
      'crowdmri-v1.4.0_T1w_mriqc_23.1.0_unique_synthetic_2026-11-28.csv',
    ],
  ])('%s', (_name, patch, expected) => {
    expect(exportFileName({ ...BASE, ...patch })).toBe(expected);
  });

  it('tags a filtered export with a short hash that tells filters apart', () => {
    const a = exportFileName({ ...BASE, where: '{"bids_meta.MagneticFieldStrength": 3}' });
    const b = exportFileName({ ...BASE, where: '{"bids_meta.MagneticFieldStrength": 1.5}' });
    const c = exportFileName({ ...BASE, filters: ['cjv:range:..0.5'] });
    for (const name of [a, b, c]) {
      expect(name).toMatch(
        /^crowdmri-v1\.4\.0_T1w_mriqc_23\.1\.0_unique_filtered-[0-9a-f]{6}_2026-11-28\.csv$/,
      );
    }
    expect(new Set([a, b, c]).size).toBe(3);
    expect(exportFileName({ ...BASE, where: ' {"a": 1} ' })).toBe(
      exportFileName({ ...BASE, where: '{"a": 1}' }),
    );
  });

  it('starts with the version of the app that wrote the file', () => {
    expect(exportFileName({ ...BASE, appVersion: '2.0.0-rc.1' })).toBe(
      'crowdmri-v2.0.0-rc.1_T1w_mriqc_23.1.0_unique_2026-11-28.csv',
    );
    // A version that is not a plain semver string cannot break the name.
    expect(exportFileName({ ...BASE, appVersion: '../1 2/x' })).toBe(
      'crowdmri-v1-2-x_T1w_mriqc_23.1.0_unique_2026-11-28.csv',
    );
    expect(exportFileName({ ...BASE, appVersion: '' })).toBe(
      'crowdmri_T1w_mriqc_23.1.0_unique_2026-11-28.csv',
    );
  });

  it('keeps names short and legal whatever the input', () => {
    const name = exportFileName({
      ...BASE,
      software: `${'x'.repeat(300)}\u0000\n`,
      versions: ['\u0007'.repeat(5)],
      appVersion: `${'9'.repeat(300)}/`,
    });
    expect(name).toMatch(/^[A-Za-z0-9._+-]+$/);
    expect(name.length).toBeLessThanOrEqual(100);
  });
});

describe('versionedFileName', () => {
  it.each<[string, string, string, string]>([
    ['a chart summary', 'T1w-iqm-summary', 'csv', 'crowdmri-v1.4.0_T1w-iqm-summary.csv'],
    [
      'a comparison of a group file',
      'comparison-group_T1w-vs-crowd-T1w',
      'csv',
      'crowdmri-v1.4.0_comparison-group-T1w-vs-crowd-T1w.csv',
    ],
    ['an unsafe stem', ' my/../file:name? ', 'tsv', 'crowdmri-v1.4.0_my-file-name.tsv'],
    ['no stem left', '///', 'csv', 'crowdmri-v1.4.0.csv'],
  ])('%s', (_name, stem, extension, expected) => {
    expect(versionedFileName(stem, extension, '1.4.0')).toBe(expected);
  });

  it("ends a file made from the mirror's synthetic records with _synthetic", () => {
    expect(versionedFileName('comparison-group-vs-crowd-T1w', 'csv', '1.4.0', true)).toBe(
      'crowdmri-v1.4.0_comparison-group-vs-crowd-T1w_synthetic.csv',
    );
  });

  it('keeps a long stem within a file-name limit', () => {
    const name = versionedFileName('x'.repeat(500), 'csv', '1.4.0');
    expect(name).toMatch(/^crowdmri-v1\.4\.0_x+\.csv$/);
    expect(name.length).toBeLessThanOrEqual(100);
  });
});
