import 'fake-indexeddb/auto';
import { type QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../frame/frame.ts';
import type { RecordWithId } from '../store/chunks.ts';
import { sharedDb } from '../store/connection.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { deleteDataset } from '../store/datasets.ts';
import { TEST_DATASET, testId, testJob } from '../store/test-db.test-support.ts';
import { datasetKeys } from './dataset-keys.ts';
import { frameQueryOptions } from './dataset-queries.ts';
import { createQueryClient } from './query-client.ts';
import { invalidateAfterRun, invalidateDeleted } from './run-invalidation.ts';

const A = TEST_DATASET;
const B = { ...TEST_DATASET, key: 'modality=bold&source=mirror', modality: 'bold' };

/** Stores `pages` pages of 10 records for `info` (page numbers continue from `from`). */
async function store(info: typeof A, pages: number, from = 0): Promise<void> {
  const writer = createDatasetWriter(await sharedDb(), info);
  for (let p = from; p < from + pages; p++) {
    const items = Array.from(
      { length: 10 },
      (_, k) => ({ _id: testId(p * 10 + k), cjv: k }) as RecordWithId,
    );
    await writer.commit({ items, job: testJob(p + 1), total: 100 });
  }
}

const clients: QueryClient[] = [];
const stops: Array<() => void> = [];

/** A client with the frame of `key` shown (an observer keeps it active, as a view would). */
async function showing(client: QueryClient, key: string): Promise<() => Frame | null | undefined> {
  const observer = new QueryObserver(client, frameQueryOptions(key));
  stops.push(observer.subscribe(() => undefined));
  await client.fetchQuery(frameQueryOptions(key));
  return () => client.getQueryData(frameQueryOptions(key).queryKey);
}

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const c of clients.splice(0)) c.clear();
  const db = await sharedDb();
  await deleteDataset(db, A.key);
  await deleteDataset(db, B.key);
});

function newClient(): QueryClient {
  const client = createQueryClient();
  clients.push(client);
  return client;
}

describe('after a download run', () => {
  it('reopens the shown frame when the run stored more records', async () => {
    await store(A, 2);
    const client = newClient();
    const frame = await showing(client, A.key);
    const before = frame();
    expect(before?.rowCount).toBe(20);
    await store(A, 1, 2);
    await invalidateAfterRun(client, A.key);
    expect(frame()?.rowCount).toBe(30);
    expect(frame()).not.toBe(before);
  });

  it('keeps the frame (and the columns it read) when the run stored nothing new', async () => {
    await store(A, 2);
    const client = newClient();
    const frame = await showing(client, A.key);
    const before = frame();
    await before?.load('cjv');
    await invalidateAfterRun(client, A.key, 20);
    await invalidateAfterRun(client, A.key);
    expect(frame()).toBe(before);
    expect(frame()?.loaded('cjv')).toBeDefined();
  });

  it('opens the records of a first download (nothing was stored before)', async () => {
    const client = newClient();
    const frame = await showing(client, A.key);
    expect(frame()).toBeNull();
    await store(A, 1);
    await invalidateAfterRun(client, A.key, 10);
    expect(frame()?.rowCount).toBe(10);
  });

  it('re-reads the list, storage use and saved summary, but never another dataset’s frame', async () => {
    await store(A, 1);
    await store(B, 1);
    const client = newClient();
    const frameB = await showing(client, B.key);
    const before = frameB();
    client.setQueryData(datasetKeys.list(), []);
    client.setQueryData(datasetKeys.storage(), null);
    client.setQueryData(datasetKeys.saved(A.key), null);
    await store(A, 1, 1);
    await invalidateAfterRun(client, A.key);
    for (const key of [datasetKeys.list(), datasetKeys.storage(), datasetKeys.saved(A.key)]) {
      expect(client.getQueryState(key)?.isInvalidated).toBe(true);
    }
    expect(frameB()).toBe(before);
  });
});

describe('after a delete', () => {
  it('empties the deleted dataset’s frame and its counts; other datasets stay as they are', async () => {
    await store(A, 1);
    await store(B, 1);
    const client = newClient();
    const frameA = await showing(client, A.key);
    const frameB = await showing(client, B.key);
    const before = frameB();
    client.setQueryData(datasetKeys.counts(A.key, 10), 10);
    client.setQueryData(datasetKeys.counts(B.key, 10), 10);
    await deleteDataset(await sharedDb(), A.key);
    await invalidateDeleted(client, A.key);
    expect(frameA()).toBeNull();
    expect(frameB()).toBe(before);
    expect(client.getQueryState(datasetKeys.counts(A.key, 10))?.isInvalidated).toBe(true);
    expect(client.getQueryState(datasetKeys.counts(B.key, 10))?.isInvalidated).toBe(false);
  });
});

describe('datasetKeys', () => {
  it('gives each dataset, frame and count its own key, under one root', () => {
    const keys = [
      datasetKeys.list(),
      datasetKeys.saved('a'),
      datasetKeys.saved('b'),
      datasetKeys.frame('a'),
      datasetKeys.column(1, 'cjv'),
      datasetKeys.column(2, 'cjv'),
      datasetKeys.counts('a', 10),
      datasetKeys.counts('a', 11),
    ].map((k) => JSON.stringify(k));
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k.startsWith('["datasets",')).toBe(true);
    expect(datasetKeys.counts('a', 10).slice(0, 3)).toEqual([...datasetKeys.countsOf('a')]);
  });
});
