import { describe, expect, it } from 'vitest';
import { type Column, cellValue, columnLength } from '../frame/column.ts';
import type { RecordWithId } from './chunks.ts';
import { loadColumn, openDatasetFrame } from './column-reader.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import { textFromStored } from './stored-text.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

const info = TEST_DATASET;
const job = () => testJob(1);
const id = testId;

/** Stores `batches` of records, one commit (= one chunk) per batch. */
async function store(db: ReturnType<typeof t.db>, batches: RecordWithId[][]) {
  const writer = createDatasetWriter(db, info, () => 1);
  for (const items of batches) await writer.commit({ items, job: job(), total: 0 });
}

/** Every cell of a column as `cellValue` reads it. */
function cells(column: Column): unknown[] {
  return Array.from({ length: columnLength(column) }, (_, row) => cellValue(column, row));
}

const t = setupTestDb();

describe('loadColumn', () => {
  it('reads a column across chunks in row order, missing where a chunk lacks the field', async () => {
    await store(t.db(), [
      [
        { _id: id(0), snr: 1.5, maker: 'GE' },
        { _id: id(1), snr: 2, maker: 'GE' },
      ],
      [{ _id: id(2), other: 'x' }],
      [
        { _id: id(3), snr: null, maker: 'Siemens' },
        { _id: id(4), snr: 7, maker: 'GE' },
      ],
    ]);
    const opened = await openDatasetFrame(t.db(), info.key);
    expect(opened?.frame.rowCount).toBe(5);
    const snr = await opened!.frame.load('snr');
    expect(snr.kind).toBe('number');
    expect(cells(snr)).toEqual([1.5, 2, undefined, undefined, 7]);
    const maker = await opened!.frame.load('maker');
    expect(maker.kind).toBe('text');
    expect(cells(maker)).toEqual(['GE', 'GE', undefined, 'Siemens', 'GE']);
    // One dictionary entry per distinct text, whichever chunk it came from.
    expect(maker.kind === 'text' && [...maker.dict].sort()).toEqual(['GE', 'Siemens']);
    const ids = await opened!.frame.load('_id');
    expect(cells(ids)).toEqual([0, 1, 2, 3, 4].map(id));
  });

  it('codes unique strings (stored raw) and repeated ones (stored as a dictionary) alike', async () => {
    // 6 rows per chunk: 6 distinct md5sums are stored raw, 2 distinct versions as a dictionary.
    const batch = (from: number) =>
      Array.from({ length: 6 }, (_, k) => ({
        _id: id(from + k),
        md5: `m${(from + k) % 8}`,
        version: k % 2 ? '23.1.0' : '0.9.7',
      }));
    await store(t.db(), [batch(0), batch(6)]);
    const opened = await openDatasetFrame(t.db(), info.key);
    const md5 = await opened!.frame.load('md5');
    const expected = Array.from({ length: 12 }, (_, i) => `m${i % 8}`);
    expect(cells(md5)).toEqual(expected);
    // Equal texts share one code (dedup compares codes): rows 0 and 8 both hold m0.
    expect(md5.kind === 'text' && md5.codes[0] === md5.codes[8]).toBe(true);
    expect(md5.kind === 'text' && md5.dict.length).toBe(8);
    const version = await opened!.frame.load('version');
    expect(cells(version)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? '23.1.0' : '0.9.7')),
    );
  });

  it('keeps numbers and texts of a mixed column as served (a raw column)', async () => {
    await store(t.db(), [
      [
        { _id: id(0), echo: 0.03 },
        { _id: id(1), echo: 'n/a' },
      ],
    ]);
    const opened = await openDatasetFrame(t.db(), info.key);
    const echo = await loadColumn(t.db(), info.key, 'echo', opened!.chunks);
    expect(echo.kind).toBe('raw');
    expect(cells(echo)).toEqual([0.03, 'n/a']);
  });

  it('stores digests and upload dates packed, and reads back every value exactly', async () => {
    const md5 = (i: number) => (i % 3).toString(16).padStart(32, 'c');
    const created = (i: number) => new Date(Date.UTC(2019, 4, 1, 12, 0, i)).toUTCString();
    const batch = (from: number) =>
      Array.from({ length: 4 }, (_, k) => ({
        _id: id(from + k),
        _created: created(from + k),
        provenance: from + k === 5 ? {} : { md5sum: md5(from + k) },
      }));
    await store(t.db(), [batch(0), batch(4)]);
    const kinds = async (name: string) => {
      const range = IDBKeyRange.bound([info.key, name, 0], [info.key, name, Infinity]);
      return (await t.db().getAll('columns', range)).map((c) => c.kind);
    };
    expect(await kinds('provenance.md5sum')).toEqual(['hex', 'hex']);
    expect(await kinds('_created')).toEqual(['http-date', 'http-date']);
    expect(await kinds('_id')).toEqual(['hex', 'hex']);

    const opened = await openDatasetFrame(t.db(), info.key);
    const digests = await opened!.frame.load('provenance.md5sum');
    const expected = Array.from({ length: 8 }, (_, i) => (i === 5 ? undefined : md5(i)));
    expect(cells(digests)).toEqual(expected);
    // Equal digests share a code, a missing one has none (dedup groups by these).
    expect(digests.kind === 'text' && Array.from(digests.codes)).toEqual([1, 2, 3, 1, 2, 0, 1, 2]);
    const dates = await opened!.frame.load('_created');
    expect(cells(dates)).toEqual(Array.from({ length: 8 }, (_, i) => created(i)));
    expect(dates.kind === 'text' && dates.rows?.times?.[2]).toBe(Date.UTC(2019, 4, 1, 12, 0, 2));
  });

  it('gives null for a dataset that has nothing stored', async () => {
    expect(await openDatasetFrame(t.db(), 'nothing-here')).toBeNull();
  });
});

describe('textFromStored', () => {
  it('codes dictionary and raw chunks into one dictionary in first-seen order', () => {
    const column = textFromStored([
      { kind: 'dict', dict: ['b', 'a'], codes: Uint16Array.of(1, 2, 0, 1) },
      { kind: 'absent', count: 2 },
      { kind: 'raw', values: ['c', undefined, 'a', 'c'] },
    ])!;
    expect(column.dict).toEqual(['b', 'a', 'c']);
    expect(Array.from(column.codes)).toEqual([1, 2, 0, 1, 0, 0, 3, 0, 2, 3]);
  });

  it('survives many distinct strings (the hash table grows) without merging any two', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `s${i}`);
    const column = textFromStored([{ kind: 'raw', values: [...values, ...values] }])!;
    expect(column.dict).toEqual(values);
    expect(Array.from(column.codes.subarray(5000))).toEqual(values.map((_, i) => i + 1));
  });

  it('gives up (null) on a column that is not all text, or has no value at all', () => {
    expect(textFromStored([{ kind: 'raw', values: ['x', 3] }])).toBeNull();
    expect(textFromStored([{ kind: 'raw', values: ['x', true] }], { unique: true })).toBeNull();
    expect(textFromStored([{ kind: 'dict', dict: [false], codes: Uint16Array.of(1) }])).toBeNull();
    expect(textFromStored([{ kind: 'number', values: Float64Array.of(1) }])).toBeNull();
    expect(
      textFromStored([
        { kind: 'number', values: Float64Array.of(Number.NaN) },
        { kind: 'absent', count: 3 },
      ]),
    ).toBeNull();
  });

  it('judges a narrow number segment by its stored values, never widening it to doubles', () => {
    const narrow = (values: Int8Array | Float32Array, missing: number) => ({
      kind: 'number' as const,
      narrow: { values, missing },
      get values(): Float64Array {
        throw new Error('widened to doubles');
      },
    });
    expect(textFromStored([narrow(Int8Array.of(-128, 3), -128)])).toBeNull();
    expect(textFromStored([narrow(Float32Array.of(Number.NaN, 1.5), Number.NaN)])).toBeNull();
    expect(
      textFromStored([narrow(Int8Array.of(-128, -128), -128), { kind: 'absent', count: 2 }]),
    ).toBeNull();
  });

  it('reads packed chunks among raw ones (a download resumed across app versions) as text', () => {
    const hex = {
      kind: 'hex',
      width: 2,
      bytes: Uint8Array.of(0xab, 0xcd, 0, 0),
      missing: Uint32Array.of(1),
    } as const;
    const mixed = textFromStored([
      hex,
      { kind: 'absent', count: 1 },
      { kind: 'raw', values: ['abcd', 'x'] },
    ])!;
    expect(cells(mixed)).toEqual(['abcd', undefined, undefined, 'abcd', 'x']);
    expect(Array.from(mixed.codes)).toEqual([1, 0, 0, 1, 2]);
    const packed = textFromStored([hex, { kind: 'absent', count: 2 }, hex])!;
    expect(cells(packed)).toEqual(['abcd', undefined, undefined, undefined, 'abcd', undefined]);
    const widths = textFromStored([
      hex,
      { kind: 'hex', width: 1, bytes: Uint8Array.of(0xab), missing: new Uint32Array(0) },
    ])!;
    expect(cells(widths)).toEqual(['abcd', undefined, 'ab']);
    const dates = textFromStored([
      { kind: 'http-date', ms: Float64Array.of(0, Number.NaN) },
      { kind: 'raw', values: ['2017-08-22T19:10:36Z'] },
    ])!;
    expect(cells(dates)).toEqual([
      'Thu, 01 Jan 1970 00:00:00 GMT',
      undefined,
      '2017-08-22T19:10:36Z',
    ]);
  });

  it('with `unique`, codes each present value in row order', () => {
    const column = textFromStored([{ kind: 'raw', values: ['x', undefined, 'y'] }], {
      unique: true,
    })!;
    expect(column.dict).toEqual(['x', 'y']);
    expect(Array.from(column.codes)).toEqual([1, 0, 2]);
  });
});
