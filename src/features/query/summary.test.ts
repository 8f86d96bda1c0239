import { describe, expect, it } from 'vitest';
import { querySummary } from './summary.ts';

const base = { source: 'http://h/api/v1', modality: 'T1w' as const, software: 'mriqc' };

describe('querySummary', () => {
  it.each([
    [{ versions: [], where: '' }, 'T1w · mriqc · all versions'],
    [{ versions: ['24.0.2'], where: '' }, 'T1w · mriqc · version 24.0.2'],
    [
      { versions: ['24.0.2', '23.1.0'], where: '{"size_x": 256}' },
      'T1w · mriqc · 2 versions · 1 filter',
    ],
    [
      { versions: [], where: '{"size_x": 256, "bids_meta.MagneticFieldStrength": 3}' },
      'T1w · mriqc · all versions · 2 filters',
    ],
    [{ versions: [], where: '{}' }, 'T1w · mriqc · all versions'],
    [{ versions: [], where: '{size_x' }, 'T1w · mriqc · all versions · an unreadable filter'],
    [
      { versions: [], where: '', whereRef: 'sha256-abc' },
      'T1w · mriqc · all versions · a filter missing from this browser',
    ],
  ])('%j → %s', (query, expected) => {
    expect(querySummary({ ...base, ...query })).toBe(expected);
  });

  it('names any software when none is given', () => {
    expect(querySummary({ ...base, software: '  ', versions: [], where: '' })).toBe(
      'T1w · any software · all versions',
    );
  });
});
