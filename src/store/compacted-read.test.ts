import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asText, type Column, cellValue, columnLength } from '../frame/column.ts';
import { createdTimes } from '../frame/created-time.ts';
import { computeView } from '../frame/view.ts';
import { DEFAULT_VIEW } from '../frame/view-spec.ts';
import type { RecordWithId } from './chunks.ts';
import { openDatasetFrame } from './column-reader.ts';
import { compactDataset } from './compaction.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import type { CrowdDatabase } from './db.ts';
import { memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

/**
 * Columns read from one compacted segment are used as stored: upload dates stay whole seconds
 * until something needs their times, dictionary codes keep their stored width. What a user
 * sees (cells, date sorts, times for charts, dictionary filters) is what the appended chunks
 * gave before compaction.
 */

const info = TEST_DATASET;
const t = setupTestDb('crowdmri-compacted-read-test');
beforeEach(() => useOpfsRoot(memoryOpfs().root));
afterEach(() => useOpfsRoot(undefined));

const MAKERS = ['GE', 'Siemens', 'Philips'];
/** Record i: an upload date (some missing, some repeated), a scanner maker, a version. */
const record = (i: number): RecordWithId => ({
  _id: testId(i),
  ...(i % 9 === 4
    ? {}
    : { _created: new Date(Date.UTC(2020, 0, 1 + ((i * 37) % 11))).toUTCString() }),
  maker: MAKERS[i % 3],
  ...(i % 5 === 0 ? {} : { version: `24.${i % 4}.0` }),
  // Field strengths (exact as float32) and coil channels (small integers), some missing.
  ...(i % 7 === 3 ? {} : { tesla: [1.5, 3, 7][i % 3] }),
  ...(i % 8 === 5 ? {} : { channels: [8, 32, 64, 20][i % 4] }),
});

async function store(db: CrowdDatabase) {
  const writer = createDatasetWriter(db, info, () => 1);
  for (const [i, from] of [0, 30, 60].entries()) {
    const items = Array.from({ length: 30 }, (_, k) => record(from + k));
    await writer.commit({ items, job: testJob(i + 1, 'running'), total: 0 });
  }
}

const cells = (column: Column) =>
  Array.from({ length: columnLength(column) }, (_, row) => cellValue(column, row));

async function readAll(db: CrowdDatabase) {
  const { frame } = (await openDatasetFrame(db, info.key))!;
  const [created, maker, version, tesla, channels] = await frame.loadMany([
    '_created',
    'maker',
    'version',
    'tesla',
    'channels',
  ]);
  // Cells are read before anything sorts by the numbers (which widens them to doubles).
  const numberCells = { tesla: cells(tesla!), channels: cells(channels!) };
  const narrow = [tesla, channels].map((c) => (c?.kind === 'number' ? c.narrow?.values : null));
  const byDate = await computeView(frame, {
    ...DEFAULT_VIEW,
    sort: [{ column: '_created', desc: false }],
  });
  const byNumbers = await computeView(frame, {
    ...DEFAULT_VIEW,
    sort: [
      { column: 'tesla', desc: true },
      { column: 'channels', desc: false },
    ],
  });
  return {
    created: cells(created!),
    times: Array.from(createdTimes(created!)),
    maker: cells(maker!),
    makerCodes: asText(maker!).codes,
    version: cells(version!),
    byDate: Array.from(byDate.rows),
    ...numberCells,
    narrow,
    byNumbers: Array.from(byNumbers.rows),
  };
}

describe('a compacted dataset read back', () => {
  it('shows, sorts and times its dates, and codes its texts, as its appended chunks did', async () => {
    const db = t.db();
    await store(db);
    const appended = await readAll(db);
    expect((await compactDataset(db, info.key)).type).toBe('compacted');
    const compacted = await readAll(db);
    expect(compacted.created).toEqual(appended.created);
    expect(compacted.times).toEqual(appended.times);
    expect(compacted.byDate).toEqual(appended.byDate);
    expect(compacted.maker).toEqual(appended.maker);
    expect(compacted.version).toEqual(appended.version);
    // Three makers: the segment's one-byte codes are the column's codes.
    expect(compacted.makerCodes).toBeInstanceOf(Uint8Array);
    expect(Array.from(compacted.makerCodes)).toEqual(Array.from(appended.makerCodes));
  });

  it('shows and sorts its narrow numbers as its appended chunks did, cells read as stored', async () => {
    const db = t.db();
    await store(db);
    const appended = await readAll(db);
    expect((await compactDataset(db, info.key)).type).toBe('compacted');
    const compacted = await readAll(db);
    expect(compacted.tesla).toEqual(appended.tesla);
    expect(compacted.tesla).toContain(undefined);
    expect(compacted.channels).toEqual(appended.channels);
    expect(compacted.channels).toContain(undefined);
    expect(compacted.byNumbers).toEqual(appended.byNumbers);
    // The segment's own floats and bytes, not 8-byte doubles made for a window of cells.
    expect(compacted.narrow[0]).toBeInstanceOf(Float32Array);
    expect(compacted.narrow[1]).toBeInstanceOf(Int8Array);
  });
});
