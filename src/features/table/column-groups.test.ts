import { describe, expect, it } from 'vitest';
import type { FrameColumnInfo } from '../../frame/frame.ts';
import { describeColumn, directionText, groupColumns, toggleColumn } from './column-groups.ts';

const columns: FrameColumnInfo[] = [
  { name: '_id', type: 'text' },
  { name: 'cjv', type: 'number' },
  { name: 'bids_meta.Manufacturer', type: 'text' },
  { name: 'provenance.md5sum', type: 'text' },
  { name: 'snr_total', type: 'number' },
  { name: '_created', type: 'text' },
  { name: 'bids_meta.RepetitionTime', type: 'number' },
  { name: 'rating', type: 'text' },
  { name: 'tsnr', type: 'number' },
];

describe('groupColumns', () => {
  it('sorts columns into IQMs, scanner metadata, provenance, record and other, in dataset order', () => {
    const groups = groupColumns('T1w', columns);
    expect(groups.map((g) => [g.id, g.columns.map((c) => c.name)])).toEqual([
      ['iqm', ['cjv', 'snr_total']],
      ['bids_meta', ['bids_meta.Manufacturer', 'bids_meta.RepetitionTime']],
      ['provenance', ['provenance.md5sum']],
      ['record', ['_id', '_created']],
      // tsnr is a BOLD IQM, not a T1w one.
      ['other', ['rating', 'tsnr']],
    ]);
  });

  it('knows the IQMs of each modality', () => {
    const bold = groupColumns('bold', columns);
    expect(bold.find((g) => g.id === 'iqm')?.columns.map((c) => c.name)).toEqual(['tsnr']);
  });

  it('leaves out empty groups', () => {
    expect(groupColumns('T1w', [{ name: 'cjv', type: 'number' }]).map((g) => g.id)).toEqual([
      'iqm',
    ]);
  });
});

describe('describeColumn', () => {
  it('gives an IQM its description, unit and direction from the catalogue', () => {
    const cjv = describeColumn('T1w', { name: 'cjv', type: 'number' });
    expect(cjv.group).toBe('iqm');
    expect(cjv.direction).toBe('lower-better');
    expect(cjv.description).toMatch(/joint variation/i);
    const snr = describeColumn('T1w', { name: 'snr_total', type: 'number' });
    expect(snr.direction).toBe('higher-better');
  });

  it('shortens grouped names and describes the record fields', () => {
    const maker = describeColumn('T1w', { name: 'bids_meta.Manufacturer', type: 'text' });
    expect(maker.short).toBe('Manufacturer');
    expect(maker.direction).toBeNull();
    const id = describeColumn('T1w', { name: '_id', type: 'text' });
    expect(id.short).toBe('_id');
    expect(id.description).toMatch(/ObjectId/);
  });
});

describe('toggleColumn and directionText', () => {
  it('appends a column switched on, removes one switched off, never twice', () => {
    expect(toggleColumn(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(toggleColumn(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggleColumn(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
  });

  it('says which way is better', () => {
    expect(directionText('higher-better')).toBe('higher is better');
    expect(directionText('lower-better')).toBe('lower is better');
    expect(directionText('neither')).toBeNull();
  });
});
