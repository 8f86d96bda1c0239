import { describe, expect, it } from 'vitest';
import { buildChunk, type RecordWithId } from './chunks.ts';
import { decodeColumn } from './column-codec.ts';
import { flattenRecord } from './flatten-record.ts';

const records: RecordWithId[] = [
  {
    _id: 'a',
    bids_meta: { Manufacturer: 'GE', Echo: { Time: 1 } },
    snr: 1,
    _links: { self: { href: 'x' } },
  },
  { _id: 'b', snr: 'n/a', extra: [1, 2], bids_meta: { Manufacturer: 'GE', Flip: 90 } },
  { _id: 'c', provenance: {}, bids_meta: 'flat?', late: null },
];

describe('buildChunk', () => {
  it('names and orders columns as flattenRecord (pandas) does, without _links', () => {
    const expected = [...new Set(records.flatMap((r) => Object.keys(flattenRecord(r))))].filter(
      (name) => !name.startsWith('_links.'),
    );
    const chunk = buildChunk(records);
    expect(chunk.columns.map((c) => c.name)).toEqual(expected);
  });

  it('keeps each row in place, missing fields undefined, arrays as JSON text', () => {
    const chunk = buildChunk(records);
    const column = (name: string) =>
      decodeColumn(
        chunk.columns.find((c) => c.name === name)?.column ?? { kind: 'raw', values: [] },
      );
    expect(column('snr')).toEqual([1, 'n/a', undefined]);
    expect(column('bids_meta.Manufacturer')).toEqual(['GE', 'GE', undefined]);
    expect(column('bids_meta')).toEqual([undefined, undefined, 'flat?']);
    expect(column('extra')).toEqual([undefined, '[1,2]', undefined]);
    expect(column('late')).toEqual([undefined, undefined, undefined]); // null → missing number
    expect([chunk.count, chunk.minId, chunk.maxId]).toEqual([3, 'a', 'c']);
  });
});
