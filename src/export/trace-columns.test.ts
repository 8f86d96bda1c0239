import { describe, expect, it } from 'vitest';
import { withTraceColumns } from './trace-columns.ts';

describe('withTraceColumns', () => {
  const all = () => true;

  it('puts _id and provenance.md5sum first, whatever is visible', () => {
    expect(withTraceColumns(['cjv', 'snr_total'], all)).toEqual([
      '_id',
      'provenance.md5sum',
      'cjv',
      'snr_total',
    ]);
    expect(withTraceColumns([], all)).toEqual(['_id', 'provenance.md5sum']);
  });

  it('does not repeat them when they are visible anyway', () => {
    expect(withTraceColumns(['cjv', 'provenance.md5sum', '_id'], all)).toEqual([
      '_id',
      'provenance.md5sum',
      'cjv',
    ]);
  });

  it('leaves out a trace column the dataset lacks', () => {
    expect(withTraceColumns(['cjv'], (name) => name === '_id')).toEqual(['_id', 'cjv']);
  });
});
