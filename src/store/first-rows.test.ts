import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Column, cellValue, columnLength } from '../frame/column.ts';
import type { RecordWithId } from './chunks.ts';
import { FIRST_ROWS, firstChunks, openDatasetFrame } from './column-reader.ts';
import { compactDataset } from './compaction.ts';
import type { CrowdDatabase } from './db.ts';
import { memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import { setupTestDb, storeBatches, TEST_DATASET, testId } from './test-db.test-support.ts';

/**
 * A stored dataset's first rows are read apart from its whole columns, so a table opened at
 * its top shows them first: they must be exactly the whole column's first rows, whether the
 * rows sit in appended chunks or in a compacted segment (read by byte range).
 */

const info = TEST_DATASET;
const t = setupTestDb('crowdmri-first-rows-test');
beforeEach(() => useOpfsRoot(memoryOpfs().root));
afterEach(() => useOpfsRoot(undefined));

const record = (i: number): RecordWithId => ({
  _id: testId(i),
  snr: i % 11 === 0 ? null : i * 0.25,
  bids_meta: { MagneticFieldStrength: i % 2 ? 3 : 1.5, Manufacturer: i % 3 ? 'GE' : 'Siemens' },
  provenance: { md5sum: (i % 7).toString(16).padStart(32, '0'), version: '24.0.0' },
});

const store = (db: CrowdDatabase, batches: Array<[number, number]>) =>
  storeBatches(db, record, batches, info);

const cells = (column: Column) =>
  Array.from({ length: columnLength(column) }, (_, row) => cellValue(column, row));

const NAMES = ['_id', 'snr', 'bids_meta.MagneticFieldStrength', 'bids_meta.Manufacturer'];

describe("a stored dataset's first rows", () => {
  it('takes leading chunks until they hold FIRST_ROWS rows', () => {
    const chunk = (n: number, count: number) => ({
      datasetKey: info.key,
      chunk: n,
      count,
      minId: testId(0),
      maxId: testId(0),
    });
    expect(firstChunks([chunk(0, 150), chunk(1, 150), chunk(2, 150)])).toEqual([
      chunk(0, 150),
      chunk(1, 150),
    ]);
    expect(firstChunks([chunk(0, FIRST_ROWS), chunk(1, 5)])).toEqual([chunk(0, FIRST_ROWS)]);
    expect(firstChunks([chunk(0, 5)])).toEqual([chunk(0, 5)]);
    expect(firstChunks([])).toEqual([]);
  });

  it.each([
    ['appended chunks', false],
    ['a compacted segment, read by byte range', true],
  ])('are the whole columns’ first rows, and no more: %s', async (_, compact) => {
    const db = t.db();
    await store(db, [
      [0, 150],
      [150, 300],
      [300, 500],
    ]);
    if (compact) expect((await compactDataset(db, info.key)).type).toBe('compacted');
    const { frame } = (await openDatasetFrame(db, info.key))!;
    for (const name of NAMES) {
      const first = await frame.loadFirstRows(name);
      // The first two chunks: the first alone holds fewer than FIRST_ROWS.
      expect(columnLength(first)).toBe(300);
      expect(frame.firstRowsIn(name)).toBe(first);
      expect(frame.loaded(name)).toBeUndefined();
      const whole = await frame.load(name);
      expect(columnLength(whole)).toBe(500);
      expect(cells(first)).toEqual(cells(whole).slice(0, 300));
      // Once the whole column is in, it stands for its first rows.
      expect(frame.firstRowsIn(name)).toBe(whole);
      expect(await frame.loadFirstRows(name)).toBe(whole);
    }
  });

  it('are the whole column when one chunk holds every row', async () => {
    const db = t.db();
    await store(db, [[0, 120]]);
    const { frame } = (await openDatasetFrame(db, info.key))!;
    const first = await frame.loadFirstRows('snr');
    expect(first).toBe(frame.loaded('snr'));
    expect(columnLength(first)).toBe(120);
  });
});
