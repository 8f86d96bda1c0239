import { describe, expect, it } from 'vitest';
import { buildChunk, ChunkBuilder, type RecordWithId } from './chunks.ts';
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

describe('ChunkBuilder', () => {
  const builder = (rows: readonly RecordWithId[]) => {
    const b = new ChunkBuilder();
    for (const row of rows) b.add(row);
    return b;
  };

  it('builds rows appended one by one as buildChunk builds them at once', () => {
    expect(builder(records).build()).toEqual(buildChunk(records));
  });

  it('drops rows exactly as if they had never been added (columns, order, encodings)', () => {
    // Row b alone has `extra`, and puts bids_meta.Slice before Flip; row d puts them the
    // other way round, so dropping b must change the column order.
    const rows: RecordWithId[] = [
      ...records,
      { _id: 'd', bids_meta: { Manufacturer: 'X', Flip: 45, Slice: 2 }, snr: 2 },
      { _id: 'e', snr: 3, bids_meta: { Manufacturer: 'X' } },
    ];
    (rows[1] as RecordWithId).bids_meta = { Slice: 1, Flip: 90, Manufacturer: 'GE' };
    const full = builder(rows);
    const names = (drop: string[]) =>
      full
        .without((id) => drop.includes(id))
        .build()
        .columns.map((c) => c.name)
        .filter((n) => n === 'bids_meta.Flip' || n === 'bids_meta.Slice');
    expect(names([])).toEqual(['bids_meta.Slice', 'bids_meta.Flip']);
    expect(names(['b'])).toEqual(['bids_meta.Flip', 'bids_meta.Slice']);
    for (const drop of [['b'], ['a', 'c'], ['a', 'b', 'c', 'd'], []]) {
      const kept = rows.filter((r) => !drop.includes(r._id));
      expect(full.without((id) => drop.includes(id)).build()).toEqual(buildChunk(kept));
    }
    expect(full.build()).toEqual(buildChunk(rows));
  });
});
