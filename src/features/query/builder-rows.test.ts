import { describe, expect, it } from 'vitest';
import { catalogueField } from '../../api/field-catalogue.ts';
import { readRows, rowProblem, writeRows } from './builder-rows.ts';

const typeOf = (field: string) => catalogueField('bold', field)?.type;

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

  it.each([
    '{"bids_meta.Manufacturer": "Siemens", "bids_meta.MagneticFieldStrength": {"$gte": 3}}',
    '{"bids_meta.run_id": "1", "bids_meta.PartialFourier": true}',
    '{"bids_meta.TaskName": {"$in": ["rest", "n-back, 2", "\\"quoted\\" task"]}}',
    '{"bids_meta.TaskName": {"$ne": " padded "}}',
    '{"provenance.settings.fd_thres": {"$in": [0.2, 0.5]}, "tsnr": {"$lt": 40}}',
    '{"provenance.version": {"$gte": "0.15"}}',
    '{"unlisted.path": ""}',
    '{"unlisted.path": {"$in": ["\\"a\\" b", "c, d", 3]}}',
    '{"$and": [{"fd_mean": {"$gt": 0.1}}, {"fd_mean": {"$gt": 0.2}}]}',
  ])('round trips %s through typed rows', (text) => {
    const state = readRows(text, typeOf);
    if (state.type !== 'rows') throw new Error(JSON.stringify(state));
    expect(JSON.parse(writeRows(state.rows, typeOf))).toEqual(JSON.parse(text));
  });

  it('reads a value by the type of its field', () => {
    expect(
      JSON.parse(
        writeRows(
          [
            { field: 'bids_meta.run_id', op: '=', text: '1' },
            { field: 'bids_meta.MagneticFieldStrength', op: 'in', text: '1.5, 3' },
            { field: 'bids_meta.PartialFourier', op: '=', text: 'false' },
            { field: 'bids_meta.Manufacturer', op: 'in', text: 'Siemens, "GE, Inc"' },
          ],
          typeOf,
        ),
      ),
    ).toEqual({
      'bids_meta.run_id': '1',
      'bids_meta.MagneticFieldStrength': { $in: [1.5, 3] },
      'bids_meta.PartialFourier': false,
      'bids_meta.Manufacturer': { $in: ['Siemens', 'GE, Inc'] },
    });
  });

  it('keeps a row whose value is not of its type out of the filter, and says why', () => {
    const rows = [
      { field: 'bids_meta.Manufacturer', op: '=' as const, text: 'GE' },
      { field: 'bids_meta.MagneticFieldStrength', op: '≥' as const, text: '3T' },
      { field: 'bids_meta.EchoTime', op: '<' as const, text: '' },
      { field: '', op: '=' as const, text: 'x' },
    ];
    expect(writeRows(rows, typeOf)).toBe('{"bids_meta.Manufacturer": "GE"}');
    expect(rows.map((row) => rowProblem(row, typeOf))).toEqual([
      undefined,
      '“3T” is not a number.',
      'Enter a number.',
      'Choose a field.',
    ]);
  });

  it('leaves raw a value of another type than its field holds', () => {
    // Shown as rows, "3" would come back as the number 3: a different filter.
    expect(readRows('{"bids_meta.MagneticFieldStrength": "3"}', typeOf)).toEqual({
      type: 'raw',
      reason: 'bids_meta.MagneticFieldStrength holds numbers, and the filter compares it with "3"',
    });
    expect(readRows('{"bids_meta.Manufacturer": {"$in": []}}', typeOf)).toEqual({
      type: 'raw',
      reason: 'bids_meta.Manufacturer is compared with an empty list',
    });
  });
});
