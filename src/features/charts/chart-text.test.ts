import { describe, expect, it } from 'vitest';
import { formatValue, groupLabel, hiddenNote, shortUnit } from './chart-text.ts';

describe('chart text', () => {
  it('shortens catalogue units and names ratios dimensionless', () => {
    expect(shortUnit('voxels (MRIQC >= 0.9.5 divides the AFNI mm value by the voxel size)')).toBe(
      'voxels',
    );
    expect(shortUnit('mm')).toBe('mm');
    expect(shortUnit(null)).toBe('dimensionless');
  });

  it('formats values to four significant digits', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(12345.6)).toBe('12,350');
    expect(formatValue(Number.NaN)).toBe('–');
  });

  it('names groups as a reader expects', () => {
    expect(groupLabel('field', { kind: 'value', value: '1.5', count: 1, distinct: 1 })).toBe(
      '1.5 T',
    );
    expect(groupLabel('manufacturer', { kind: 'value', value: 'GE', count: 1, distinct: 1 })).toBe(
      'GE',
    );
    expect(groupLabel('version', { kind: 'other', value: '', count: 5, distinct: 3 })).toBe(
      'Other versions (3)',
    );
    expect(groupLabel('field', { kind: 'missing', value: '', count: 5, distinct: 0 })).toBe(
      'Not given',
    );
  });

  it('says what the axis leaves out', () => {
    expect(hiddenNote({ below: 3, above: 1, nonPositive: 0, range: 'p01-p99' })).toBe(
      '3 below p01, 1 above p99 not shown',
    );
    expect(hiddenNote({ below: 0, above: 0, nonPositive: 0, range: 'full' })).toBe('');
    expect(hiddenNote({ below: 0, above: 0, nonPositive: 1200, range: 'full' })).toBe(
      '1,200 values ≤ 0 left out of the log axis',
    );
  });
});
