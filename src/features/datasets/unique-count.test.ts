import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildChunk, type RecordWithId } from '../../store/chunks.ts';
import { sharedDb } from '../../store/connection.ts';
import { mergeColumns, newDatasetRecord } from '../../store/datasets.ts';
import { countUnique } from './unique-count.ts';

const KEY = 'unique-test';

async function store(key: string, chunks: RecordWithId[][]) {
  const db = await sharedDb();
  const info = { key, query: { modality: 'T1w' }, source: 'http://x/api/v1', modality: 'T1w' };
  let columns = newDatasetRecord(info, 0).columns;
  for (const [chunk, records] of chunks.entries()) {
    const built = buildChunk(records);
    columns = mergeColumns(
      columns,
      built.columns.map((c) => [c.name, c.column.kind === 'number' ? 'number' : 'text'] as const),
    );
    const { count, minId, maxId } = built;
    await db.put('chunks', { datasetKey: key, chunk, count, minId, maxId });
    for (const { name, column } of built.columns) {
      await db.put('columns', { ...column, chunk }, [key, name, chunk]);
    }
  }
  await db.put('datasets', { ...newDatasetRecord(info, 0), columns });
}

const rec = (id: number, md5?: string): RecordWithId => ({
  _id: id.toString(16).padStart(24, '0'),
  provenance: md5 === undefined ? { version: '1' } : { md5sum: md5 },
});

describe('countUnique', () => {
  it('counts one record per md5sum plus every record without one, across chunks', async () => {
    // md5sums a b a | b (none) c  → distinct a, b, c and one without: 4
    await store(KEY, [
      [rec(1, 'a'), rec(2, 'b'), rec(3, 'a')],
      [rec(4, 'b'), rec(5), rec(6, 'c')],
    ]);
    expect(await countUnique(KEY)).toBe(4);
  });

  it('counts every record when none has an md5sum', async () => {
    await store('no-md5', [[rec(1), rec(2)], [rec(3)]]);
    expect(await countUnique('no-md5')).toBe(3);
  });

  it('is 0 for a dataset with nothing stored', async () => {
    expect(await countUnique('nothing-here')).toBe(0);
  });
});
