import { describe, expect, it } from 'vitest';
import { exportFileName, type FileNameParts } from './file-name.ts';

const BASE: FileNameParts = {
  modality: 'T1w',
  software: 'mriqc',
  versions: ['23.1.0'],
  show: 'unique',
  where: '',
  filters: [],
  date: new Date(2026, 10, 28, 23, 59),
  format: 'csv',
};

describe('exportFileName', () => {
  it.each<[string, Partial<FileNameParts>, string]>([
    ['the issue example', {}, 'crowdmri_T1w_mriqc_23.1.0_unique_2026-11-28.csv'],
    ['TSV', { format: 'tsv', show: 'all' }, 'crowdmri_T1w_mriqc_23.1.0_all_2026-11-28.tsv'],
    [
      'all versions, any software',
      { software: ' ', versions: [], show: 'duplicates', modality: 'bold' },
      'crowdmri_bold_duplicates_2026-11-28.csv',
    ],
    [
      'two versions',
      { versions: ['22.0.6', '23.1.0'] },
      'crowdmri_T1w_mriqc_22.0.6+23.1.0_unique_2026-11-28.csv',
    ],
    [
      'many versions are counted',
      { versions: ['1', '2', '3', '4'] },
      'crowdmri_T1w_mriqc_4-versions_unique_2026-11-28.csv',
    ],
    [
      'characters illegal in file names',
      { software: 'my/soft:ware*?"<>|\\ x', versions: ['..1.0 beta'] },
      'crowdmri_T1w_my-soft-ware-x_1.0-beta_unique_2026-11-28.csv',
    ],
    [
      'synthetic data (the local mirror) say so',
      { synthetic: true },
      'crowdmri_T1w_mriqc_23.1.0_unique_synthetic_2026-11-28.csv',
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
        /^crowdmri_T1w_mriqc_23\.1\.0_unique_filtered-[0-9a-f]{6}_2026-11-28\.csv$/,
      );
    }
    expect(new Set([a, b, c]).size).toBe(3);
    expect(exportFileName({ ...BASE, where: ' {"a": 1} ' })).toBe(
      exportFileName({ ...BASE, where: '{"a": 1}' }),
    );
  });

  it('keeps names short and legal whatever the input', () => {
    const name = exportFileName({
      ...BASE,
      software: `${'x'.repeat(300)}\u0000\n`,
      versions: ['\u0007'.repeat(5)],
    });
    expect(name).toMatch(/^[A-Za-z0-9._+-]+$/);
    expect(name.length).toBeLessThanOrEqual(100);
  });
});
