import { describe, expect, it } from 'vitest';
import { readRows, writeRows } from './builder-rows.ts';

describe('builder rows', () => {
  it.each([
    '{"bids_meta.Manufacturer": "GE"}',
    '{"size_x": {"$gt": 200, "$lte": 300}}',
    '{"provenance.version": {"$in": ["22.0.6", "23.1.0"]}, "snr_total": {"$gte": 10}}',
    '{"bids_meta.EchoTime": {"$exists": false}}',
    '{"run": "3"}',
    '{"bids_meta.MagneticFieldStrength": 3}',
  ])('round trips %s through the rows', (text) => {
    const state = readRows(text);
    if (state.type !== 'rows') throw new Error(state.type);
    expect(JSON.parse(writeRows(state.rows))).toEqual(JSON.parse(text));
  });

  it('reads typed values as people mean them', () => {
    expect(
      JSON.parse(
        writeRows([
          { field: 'bids_meta.Manufacturer', op: '=', text: 'Siemens' },
          { field: 'bids_meta.MagneticFieldStrength', op: '≥', text: '1.5' },
          { field: 'provenance.version', op: 'in', text: '22.0.6, "23"' },
          { field: 'bids_meta.EchoTime', op: 'exists', text: 'true' },
          { field: '', op: '=', text: 'not yet named' },
        ]),
      ),
    ).toEqual({
      'bids_meta.Manufacturer': 'Siemens',
      'bids_meta.MagneticFieldStrength': { $gte: 1.5 },
      'provenance.version': { $in: ['22.0.6', '23'] },
      'bids_meta.EchoTime': { $exists: true },
    });
    expect(writeRows([])).toBe('');
  });

  it('says what it cannot show', () => {
    expect(readRows('{"$or": [{"a": 1}, {"b": 2}]}')).toEqual({
      type: 'raw',
      reason: 'the builder has no $or',
    });
    expect(readRows('{"a": ')).toEqual({ type: 'invalid' });
  });
});
