import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Column, cellValue, columnLength } from '../frame/column.ts';
import { dedupOf } from '../frame/view.ts';
import type { RecordWithId } from './chunks.ts';
import { openDatasetFrame } from './column-reader.ts';
import { compactDataset } from './compaction.ts';
import type { CrowdDatabase } from './db.ts';
import { type MemoryOpfs, memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import type { DirectoryLike } from './segment-files.ts';
import { setupTestDb, storeBatches, TEST_DATASET, testId } from './test-db.test-support.ts';

/**
 * A frame reads its columns and stored dedup with the segment index read when it opened (one
 * transaction), not one IndexedDB round trip per column; an index gone stale meanwhile (a
 * compaction replaced the files it names) is read afresh, never trusted for missing rows.
 */

const info = TEST_DATASET;
const t = setupTestDb('crowdmri-opening-index-test');
let opfs: MemoryOpfs;
beforeEach(() => {
  opfs = memoryOpfs();
  useOpfsRoot(opfs.root);
});
afterEach(() => useOpfsRoot(undefined));

/** Record i: md5sums repeat every 7 records, so the dataset has duplicates. */
const record = (i: number): RecordWithId => ({
  _id: testId(i),
  snr: i * 0.5,
  provenance: { md5sum: (i % 7).toString(16).padStart(32, '0'), version: '24.0.0' },
});
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => record(from + k));

const store = (db: CrowdDatabase, batches: Array<[number, number]>) =>
  storeBatches(db, record, batches, info);

const cells = (column: Column) =>
  Array.from({ length: columnLength(column) }, (_, row) => cellValue(column, row));

/** The object stores of every transaction `db` starts until `stop()`. */
function watchTransactions(db: CrowdDatabase) {
  const stores: string[] = [];
  const original = db.transaction.bind(db);
  const spy = vi.spyOn(db, 'transaction').mockImplementation(((names: string | string[]) => {
    stores.push(...[names].flat());
    return original(names as never);
  }) as never);
  return { stores, stop: () => spy.mockRestore() };
}

/** `dir` and its subdirectories, noting in `opened` the name of every file opened. */
function watchFiles(dir: DirectoryLike, opened: string[]): DirectoryLike {
  return {
    ...dir,
    getDirectoryHandle: async (name, options) =>
      watchFiles(await dir.getDirectoryHandle(name, options), opened),
    getFileHandle: (name, options) => {
      opened.push(name);
      return dir.getFileHandle(name, options);
    },
    removeEntry: (name, options) => dir.removeEntry(name, options),
    keys: () => dir.keys(),
  };
}

describe("a frame's opening index", () => {
  it('gives a compacted dataset its columns and dedup without asking IndexedDB again', async () => {
    const db = t.db();
    await store(db, [
      [0, 10],
      [10, 25],
      [25, 30],
    ]);
    expect((await compactDataset(db, info.key)).type).toBe('compacted');
    const { frame } = (await openDatasetFrame(db, info.key))!;
    const watch = watchTransactions(db);
    try {
      const [snr, ids] = await frame.loadMany(['snr', '_id']);
      const dedup = await dedupOf(frame, { dedup: 'md5sum', keep: 'first' });
      expect(watch.stores).toEqual([]);
      expect(cells(snr!)).toEqual(records(0, 30).map((r) => r.snr));
      expect(cells(ids!)).toEqual(records(0, 30).map((r) => r._id));
      // Read from the stored index (no md5sum column loaded), 7 distinct scans.
      expect(frame.loadedNames()).not.toContain('provenance.md5sum');
      expect(dedup.summary.unique).toBe(7);
    } finally {
      watch.stop();
    }
  });

  it("has the stored dedup's files read first, before the table asks for a column", async () => {
    const db = t.db();
    await store(db, [
      [0, 10],
      [10, 30],
    ]);
    await compactDataset(db, info.key);
    const opened: string[] = [];
    useOpfsRoot(async () => watchFiles(await opfs.root(), opened));
    const { frame } = (await openDatasetFrame(db, info.key))!;
    await vi.waitFor(() => expect(opened.filter((f) => f.includes('dedup'))).toHaveLength(2));
    expect(opened.every((f) => f.includes('dedup'))).toBe(true);
    const dedup = await dedupOf(frame, { dedup: 'md5sum', keep: 'first' });
    expect(dedup.summary).toMatchObject({ total: 30, unique: 7 });
    // Read once: the view's dedup took the read begun at the opening.
    expect(opened).toHaveLength(2);
  });

  it('is read afresh when a compaction replaced the files it names: every row, once', async () => {
    const db = t.db();
    await store(db, [
      [0, 10],
      [10, 20],
    ]);
    await compactDataset(db, info.key);
    const { frame } = (await openDatasetFrame(db, info.key))!;
    // A refresh appends a chunk and the next compaction merges it with the segment the frame
    // knows (no larger than it), whose file it then deletes.
    await store(db, [[20, 40]]);
    const before = new Set(opfs.files().keys());
    expect((await compactDataset(db, info.key, { force: true })).type).toBe('compacted');
    // Every column's segment of chunks 0..1 was replaced: its file is gone.
    expect([...before].filter((f) => f.endsWith('-0-1-0'))).toHaveLength(1);
    expect([...opfs.files().keys()].filter((f) => f.includes('-0-1-'))).toEqual([]);
    const snr = await frame.load('snr');
    // The frame's own rows (it opened on 20), read from the new segment.
    expect(cells(snr)).toEqual(records(0, 20).map((r) => r.snr));
    const dedup = await dedupOf(frame, { dedup: 'md5sum', keep: 'first' });
    expect(dedup.summary).toMatchObject({ total: 20, unique: 7 });
  });
});
