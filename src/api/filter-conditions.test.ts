import { describe, expect, it } from 'vitest';
import { readConditions, writeConditions } from './filter-conditions.ts';

describe('readConditions / writeConditions', () => {
  it.each([
    [{ 'bids_meta.Manufacturer': 'GE' }],
    [{ size_x: { $gt: 200, $lte: 300 } }],
    [{ 'provenance.version': { $in: ['22.0.6', '23.1.0'] }, snr_total: { $gte: 10 } }],
    [{ 'bids_meta.EchoTime': { $exists: false }, 'bids_meta.Manufacturer': { $ne: 'GE' } }],
    [{ $and: [{ size_x: { $gt: 1 } }, { size_x: { $gt: 2 } }] }],
    [{ $and: [{ a: 1 }, { a: { $lt: 5 } }] }],
  ])('round trips %j', (where) => {
    const read = readConditions(where);
    expect(read.type).toBe('conditions');
    if (read.type !== 'conditions') return;
    expect(writeConditions(read.conditions)).toEqual(where);
  });

  it('reads $eq as = and an $and of single fields as plain conditions', () => {
    expect(readConditions({ $and: [{ a: { $eq: 1 } }, { b: { $lt: 2 } }] })).toEqual({
      type: 'conditions',
      conditions: [
        { field: 'a', op: '=', value: 1 },
        { field: 'b', op: '<', value: 2 },
      ],
    });
    expect(
      writeConditions([
        { field: 'a', op: '=', value: 1 },
        { field: 'b', op: '<', value: 2 },
      ]),
    ).toEqual({ a: 1, b: { $lt: 2 } });
  });

  it.each([
    [{ $or: [{ a: 1 }, { b: 2 }] }, 'the builder has no $or'],
    [{ a: { $not: { $gt: 1 } } }, 'the builder has no $not'],
    [{ a: { $nin: [1] } }, 'the builder has no $nin'],
    [{ bids_meta: { Manufacturer: 'GE' } }, 'bids_meta is compared with a whole document'],
    [{ a: [1, 2] }, 'a is compared with a whole list'],
    [{ a: { $in: 5 } }, '$in needs a list'],
    [{ a: { $gt: { b: 1 } } }, 'a is compared with a document or list'],
  ])('leaves %j raw: %s', (where, reason) => {
    expect(readConditions(where)).toEqual({ type: 'raw', reason });
  });

  it('writes no filter for no conditions', () => {
    expect(writeConditions([])).toBeNull();
  });
});
