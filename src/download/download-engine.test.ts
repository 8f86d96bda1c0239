import { describe, expect, it, vi } from 'vitest';
import { readColumn } from '../store/chunks.ts';
import { decodeColumn } from '../store/column-codec.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { type DatasetInfo, getDataset } from '../store/datasets.ts';
import type { CrowdDatabase } from '../store/db.ts';
import { StoreQuotaError } from '../store/errors.ts';
import { failPuts } from '../store/fail-puts.test-support.ts';
import { getJob } from '../store/jobs.ts';
import { setupTestDb } from '../store/test-db.test-support.ts';
import {
  newJob,
  type RunControls,
  type RunDownloadOptions,
  runDownload,
} from './download-engine.ts';
import { createFakeEve, type FakeEve, makeRecords } from './fake-eve.test-support.ts';
import type { Filter } from './page-request.ts';
import { planDownload, planRefresh } from './plan-job.ts';
import { parsePlanState } from './planner.ts';
import type { DownloadProgress } from './protocol.ts';
import type { Sleep } from './retry.ts';

const info: DatasetInfo = {
  key: 'modality=T1w&versions=23.1.0,24.0.2',
  query: { modality: 'T1w', versions: '23.1.0,24.0.2' },
  source: 'fake',
  modality: 'T1w',
};
const filter: Filter = { 'provenance.version': { $in: ['23.1.0', '24.0.2'] } };

const t = setupTestDb();

/**
 * Virtual time: every sleep is recorded, resolves on the next macrotask and moves the clock
 * forward by its length; no test waits for real.
 */
function virtualTime() {
  let now = 0;
  const waits: number[] = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      waits.push(ms);
      setTimeout(() => {
        if (signal?.aborted) return reject(signal.reason);
        now += ms;
        resolve();
      }, 0);
    });
  return { now: () => now, sleep, waits };
}

type Overrides = Partial<Omit<RunDownloadOptions, 'job' | 'store' | 'fetchPage'>> & {
  db?: CrowdDatabase;
};

function setup(server: FakeEve, overrides: Overrides = {}) {
  const time = virtualTime();
  const progress: DownloadProgress[] = [];
  const db = overrides.db ?? t.db();
  const base: Omit<RunDownloadOptions, 'job'> & { store: ReturnType<typeof createDatasetWriter> } =
    {
      fetchPage: (request, signal) => server.fetchPage(request, signal), // late-bound: tests wrap it
      store: createDatasetWriter(db, info, time.now),
      filter,
      now: time.now,
      sleep: time.sleep,
      random: () => 0.5,
      chunkRecords: 200,
      onProgress: (p: DownloadProgress) => progress.push(p),
      ...overrides,
    };
  const taskOptions = {
    fetchPage: server.fetchPage,
    signal: new AbortController().signal,
    sleep: time.sleep,
    retry: { random: () => 0.5 },
  };
  return {
    time,
    progress,
    async plan(strategy: 'keyset' | 'pages') {
      const plan = await planDownload(filter, { strategy, concurrency: 4 }, taskOptions);
      return newJob(info.key, 'download', plan, 0);
    },
    async refreshJob() {
      const summary = await base.store.summary();
      return newJob(info.key, 'refresh', await planRefresh(filter, summary, taskOptions), 0);
    },
    options: base,
    run: (job: Awaited<ReturnType<typeof getJob>>) =>
      runDownload({ ...base, job: job as ReturnType<typeof newJob> }),
  };
}

/** Stored ids in storage order; the tests compare them with the server's set. */
async function storedIds(db: CrowdDatabase = t.db()): Promise<string[]> {
  return (await readColumn(db, info.key, '_id')).flatMap((c) => decodeColumn(c) as string[]);
}

async function expectExactSet(server: FakeEve, db: CrowdDatabase = t.db()) {
  const ids = await storedIds(db);
  expect(new Set(ids).size).toBe(ids.length); // none twice
  expect([...ids].sort()).toEqual(server.idsMatching(filter)); // none missing
  expect((await getDataset(db, info.key))?.stored).toBe(ids.length);
}

async function resumeFromStore(db: CrowdDatabase = t.db()) {
  const job = await getJob(db, info.key);
  expect(job && parsePlanState(job.plan)).not.toBeNull();
  return job;
}

describe('runDownload end to end (fake server, fake-indexeddb)', () => {
  it.each(['keyset', 'pages'] as const)(
    'downloads exactly the server set (%s plan)',
    async (strategy) => {
      const server = createFakeEve(makeRecords(1500, { seed: 3 }));
      const s = setup(server);
      const result = await s.run(await s.plan(strategy));
      const expected = server.idsMatching(filter).length;
      expect(result).toMatchObject({ status: 'done', added: expected, stored: expected, grew: 0 });
      await expectExactSet(server);
      expect((await getJob(t.db(), info.key))?.status).toBe('done');
      expect((await getDataset(t.db(), info.key))?.complete).toBe(true);
      // Every request sorted by _id, with the server's page size, never the size asked for.
      const pages = server.calls.slice(2, -1);
      expect(pages.every((c) => c.sort === '_id' && c.maxResults === 50)).toBe(true);
      if (strategy === 'keyset') expect(pages.every((c) => c.page === 1)).toBe(true);
      // Then one count, up to the largest id held, verified it all.
      const maxId = server.idsMatching(filter).at(-1);
      expect(server.calls.at(-1)).toEqual({
        where: { $and: [filter, { _id: { $lte: maxId } }] },
        sort: '_id',
        maxResults: 1,
        page: 1,
      });
      expect(result.check).toEqual({ type: 'verified', count: expected });
      const last = s.progress.at(-1);
      expect(last).toMatchObject({ fetched: expected, total: expected, inFlight: 0 });
    },
  );

  it('posts progress at most 4 times a second, fetched never going down', async () => {
    const server = createFakeEve(makeRecords(1200, { seed: 4 }));
    const s = setup(server);
    // Each request takes 40 ms of virtual time.
    const fetchPage = server.fetchPage;
    server.fetchPage = async (request, signal) => {
      await s.time.sleep(40);
      return fetchPage(request, signal);
    };
    const postedAt: number[] = [];
    await runDownload({
      ...s.options,
      job: await s.plan('keyset'),
      onProgress: (p) => {
        s.progress.push(p);
        postedAt.push(s.time.now());
      },
    });
    const fetched = s.progress.map((p) => p.fetched);
    expect(fetched).toEqual([...fetched].sort((a, b) => a - b));
    expect(s.progress.length).toBeGreaterThan(3);
    expect(s.progress.some((p) => p.inFlight > 1 && p.rate > 0)).toBe(true);
    // Between the first and the last (forced) posts, at least 250 ms apart.
    const gaps = postedAt.slice(1, -1).map((t, i) => t - (postedAt[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
  });

  it('retries 503, network errors, truncated and invalid bodies and a 429 with Retry-After', async () => {
    const server = createFakeEve(makeRecords(900, { seed: 5 }));
    const plan = await setup(server).plan('keyset');
    const faults = new Map<number, Parameters<FakeEve['faults']> extends never ? never : object>([
      [0, { status: 503 }],
      [1, { kind: 'network' }],
      [3, { kind: 'truncated' }],
      [4, { status: 429, retryAfterS: 7 }],
      [6, { status: 502 }],
      [8, { kind: 'invalid' }],
    ]);
    const offset = server.calls.length;
    server.faults = (call) => faults.get(call - offset) as never;
    const s = setup(server);
    const result = await s.run(plan);
    expect(result.status).toBe('done');
    await expectExactSet(server);
    expect(s.progress.at(-1)?.retries).toBe(6);
    expect(s.time.waits).toContain(7000); // waited out Retry-After
  });

  it('halves concurrency under 503s and grows back', async () => {
    const server = createFakeEve(makeRecords(3000, { seed: 6 }));
    const s = setup(server, { concurrency: { initial: 8, growAfter: 4 } });
    const plan = await s.plan('pages');
    const offset = server.calls.length;
    server.faults = (call) =>
      call - offset >= 10 && call - offset < 14 ? { status: 503 } : undefined;
    await s.run(plan);
    const limits = s.progress.map((p) => p.concurrency);
    expect(Math.min(...limits)).toBeLessThan(8);
    expect(limits.at(-1)).toBe(8);
    await expectExactSet(server);
  });

  it('applies a "Requests in flight" change during the run at once, both ways', async () => {
    const server = createFakeEve(makeRecords(4000, { seed: 8 }));
    let controls: RunControls | undefined;
    const s = setup(server, {
      concurrency: 2,
      onControls: (c) => {
        controls = c;
      },
    });
    const plan = await s.plan('keyset');
    let calls = 0;
    let open = 0;
    const peaks: number[] = [];
    const fetchPage = server.fetchPage;
    server.fetchPage = async (request, signal) => {
      const call = calls++;
      if (call === 6) controls?.setConcurrency(6);
      if (call === 20) controls?.setConcurrency(1);
      open++;
      peaks[call] = open;
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return await fetchPage(request, signal);
      } finally {
        open--;
      }
    };
    await s.run(plan);
    expect(calls).toBeGreaterThan(30);
    const before = Math.max(...peaks.slice(0, 6));
    const raised = Math.max(...peaks.slice(8, 20));
    const lowered = Math.max(...peaks.slice(27));
    expect(before).toBeLessThanOrEqual(2);
    expect(raised).toBeGreaterThan(2);
    expect(raised).toBeLessThanOrEqual(6);
    expect(lowered).toBe(1);
    await expectExactSet(server);
  });

  it('stops on a 400 with the server message, keeping what was stored', async () => {
    const server = createFakeEve(makeRecords(1000, { seed: 7 }));
    const s = setup(server, { concurrency: 1 });
    const plan = await s.plan('pages');
    const offset = server.calls.length;
    const message = 'The browser (or proxy) sent a request that this server could not understand.';
    server.faults = (call) =>
      call - offset === 5 ? { status: 400, serverMessage: message } : undefined;
    const error = await s.run(plan).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PageFailedError' });
    expect((error as Error).message).toContain(`HTTP 400; the server said: "${message}"`);
    expect(server.calls.length - offset).toBe(6); // no retry of a 400
    const job = await getJob(t.db(), info.key);
    expect(job).toMatchObject({ status: 'failed', error: { name: 'PageFailedError' } });
    expect(await storedIds()).toHaveLength(5 * 50); // the 5 pages before it were kept
    // Fixed server: resume ends with exactly the set.
    server.faults = () => undefined;
    expect((await setup(server).run(await resumeFromStore())).status).toBe('done');
    await expectExactSet(server);
  });

  it('stops when a page still fails after its retries, then resumes', async () => {
    const server = createFakeEve(makeRecords(800, { seed: 8 }));
    const s = setup(server, { retry: { attempts: 3 } });
    const plan = await s.plan('keyset');
    server.faults = (_call, request) =>
      JSON.stringify(request.where).includes('$gt') ? { status: 503 } : undefined;
    const error = await s.run(plan).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed after 3 attempts \(HTTP 503/);
    expect((await getJob(t.db(), info.key))?.status).toBe('failed');
    expect((await storedIds()).length).toBeGreaterThan(0);
    server.faults = () => undefined;
    await setup(server).run(await resumeFromStore());
    await expectExactSet(server);
  });

  it.each(['keyset', 'pages'] as const)(
    'fetches records uploaded during the run after the planned ones (%s)',
    async (strategy) => {
      const server = createFakeEve(makeRecords(1000, { seed: 9 }));
      const s = setup(server);
      const plan = await s.plan(strategy);
      const upload = makeRecords(130, { seed: 10, fromSeconds: 1_900_000_000 });
      const offset = server.calls.length;
      const fetchPage = server.fetchPage;
      server.fetchPage = (request, signal) => {
        if (server.calls.length - offset === 4) server.insert(upload);
        return fetchPage(request, signal);
      };
      const result = await s.run(plan);
      const grown = upload.filter(
        (r) =>
          filter['provenance.version'] &&
          ['23.1.0', '24.0.2'].includes((r.provenance as { version: string }).version),
      );
      expect(result.grew).toBeGreaterThanOrEqual(strategy === 'keyset' ? grown.length : 1);
      expect(s.progress.at(-1)?.phase).toBe('tail');
      await expectExactSet(server);
    },
  );

  it('pauses at once (requests in flight abandoned) and resumes from the persisted state', async () => {
    const server = createFakeEve(makeRecords(1500, { seed: 11 }));
    const pause = new AbortController();
    const s = setup(server, { pauseSignal: pause.signal });
    const plan = await s.plan('keyset');
    const offset = server.calls.length;
    // From the 6th request on, the server stalls: only a pause that aborts them can end the run.
    server.faults = (call) => (call - offset >= 5 ? { kind: 'hang' } : undefined);
    const signals: AbortSignal[] = [];
    const fetchPage = server.fetchPage;
    server.fetchPage = (request, signal) => {
      signals.push(signal);
      if (server.calls.length - offset === 8) setTimeout(() => pause.abort(), 0);
      return fetchPage(request, signal);
    };
    const paused = await s.run(plan);
    expect(paused.status).toBe('paused');
    expect(signals.at(-1)?.aborted).toBe(true);
    const calls = server.calls.length - offset;
    expect(calls).toBeLessThanOrEqual(8 + 4); // nothing new started after the pause
    const job = await resumeFromStore();
    expect(job?.status).toBe('paused');
    const held = await storedIds();
    expect(held).toHaveLength(5 * 50); // the pages that arrived are saved
    server.fetchPage = fetchPage;
    server.faults = () => undefined;
    const resumed = await setup(server).run(job);
    expect(resumed.status).toBe('done');
    expect(resumed.added + held.length).toBe(server.idsMatching(filter).length);
    await expectExactSet(server);
  });

  it('posts the records in hand when the server then stalls (no progress left behind)', async () => {
    const server = createFakeEve(makeRecords(1500, { seed: 19 }));
    const pause = new AbortController();
    const s = setup(server, { pauseSignal: pause.signal, concurrency: 2 });
    const plan = await s.plan('keyset');
    const offset = server.calls.length;
    // Three pages answer within one progress interval, then every request stalls.
    server.faults = (call) => (call - offset >= 3 ? { kind: 'hang' } : undefined);
    const run = s.run(plan);
    await vi.waitFor(() => expect(server.calls.length - offset).toBeGreaterThan(4));
    const inHand = 3 * 50;
    await vi.waitFor(() => expect(s.progress.at(-1)?.fetched).toBe(inHand));
    pause.abort();
    expect((await run).status).toBe('paused');
  });

  it('pauses at once even when fetchPage ignores its signal', async () => {
    const server = createFakeEve(makeRecords(500, { seed: 18 }));
    const pause = new AbortController();
    const s = setup(server, { pauseSignal: pause.signal });
    const plan = await s.plan('keyset');
    server.fetchPage = () => {
      setTimeout(() => pause.abort(), 0);
      return new Promise(() => {}); // never settles, whatever its signal says
    };
    expect((await s.run(plan)).status).toBe('paused');
  });

  it.each(['keyset', 'pages'] as const)(
    'survives a crash: an abandoned run, then a fresh engine and connection (%s)',
    async (strategy) => {
      const server = createFakeEve(makeRecords(2000, { seed: 12 }));
      const s = setup(server, { chunkRecords: 150 });
      const plan = await s.plan(strategy);
      const offset = server.calls.length;
      server.faults = (call) => (call - offset >= 12 ? { kind: 'hang' } : undefined);
      void s.run(plan); // abandoned: never awaited, never aborted (a closed tab)
      await vi.waitFor(async () => expect((await storedIds()).length).toBeGreaterThan(0));
      await new Promise((r) => setTimeout(r, 20));
      const before = await storedIds();
      server.faults = () => undefined;
      const db = await t.reopen();
      const job = await resumeFromStore(db);
      expect(job?.status).toBe('running');
      const result = await setup(server, { db }).run(job);
      expect(result.status).toBe('done');
      expect(result.added).toBe(server.idsMatching(filter).length - before.length);
      await expectExactSet(server, db);
    },
  );

  it('cancels: aborts requests in flight, keeps what was fetched', async () => {
    const server = createFakeEve(makeRecords(1000, { seed: 13 }));
    const cancel = new AbortController();
    const s = setup(server, { signal: cancel.signal });
    const plan = await s.plan('pages');
    const offset = server.calls.length;
    server.faults = (call) => (call - offset >= 5 ? { kind: 'hang' } : undefined);
    const fetchPage = server.fetchPage;
    server.fetchPage = (request, signal) => {
      if (server.calls.length - offset === 8) setTimeout(() => cancel.abort(), 0);
      return fetchPage(request, signal);
    };
    const result = await s.run(plan);
    expect(result.status).toBe('cancelled');
    expect((await getJob(t.db(), info.key))?.status).toBe('cancelled');
    expect(await storedIds()).toHaveLength(5 * 50);
  });

  it('refresh fetches only records newer than the largest held', async () => {
    const server = createFakeEve(makeRecords(600, { seed: 14 }));
    const s = setup(server);
    await s.run(await s.plan('keyset'));
    const held = (await storedIds()).length;
    server.insert(makeRecords(90, { seed: 15, fromSeconds: 1_900_000_000 }));
    const offset = server.calls.length;
    const refresh = setup(server);
    const result = await refresh.run(await refresh.refreshJob());
    const fresh = server.idsMatching(filter).length - held;
    expect(result).toMatchObject({ status: 'done', added: fresh, grew: fresh });
    const pages = server.calls.slice(offset, -1);
    expect(pages.every((c) => JSON.stringify(c.where).includes('$gt'))).toBe(true);
    expect(result.check).toEqual({ type: 'verified', count: server.idsMatching(filter).length });
    await expectExactSet(server);
  });

  it('retries a request the API client timed out (its one time limit), slowing down', async () => {
    const server = createFakeEve(makeRecords(300, { seed: 16 }));
    const s = setup(server);
    const plan = await s.plan('pages');
    const offset = server.calls.length;
    server.faults = (call) => (call - offset === 1 ? { kind: 'timeout' } : undefined);
    expect((await s.run(plan)).status).toBe('done');
    expect(s.progress.at(-1)?.retries).toBe(1);
    await expectExactSet(server);
  });

  it('stops cleanly on a full disk, keeping what was stored, and resumes once space is freed', async () => {
    const server = createFakeEve(makeRecords(1500, { seed: 17 }));
    const s = setup(server, { chunkRecords: 100 });
    const plan = await s.plan('keyset');
    const restore = failPuts('columns', { skip: 6 * 3 }); // the 4th chunk does not fit
    const error = await s.run(plan).catch((e: unknown) => e);
    restore();
    expect(error).toBeInstanceOf(StoreQuotaError);
    const job = await resumeFromStore();
    expect(job).toMatchObject({ status: 'failed', error: { name: 'StoreQuotaError' } });
    const kept = await storedIds();
    expect(kept.length).toBeGreaterThanOrEqual(3 * 100);
    expect(new Set(kept).size).toBe(kept.length);
    await setup(server).run(job);
    await expectExactSet(server);
  });

  it.each([
    { strategy: 'keyset' as const, seed: 21 },
    { strategy: 'pages' as const, seed: 22 },
    { strategy: 'keyset' as const, seed: 23 },
  ])(
    'ends with exactly the server set under 20% random faults ($strategy, seed $seed)',
    async ({ strategy, seed }) => {
      const server = createFakeEve(makeRecords(2500, { seed }));
      const s = setup(server, { concurrency: 8, chunkRecords: 300 });
      const plan = await s.plan(strategy);
      let state = seed;
      const random = () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
      };
      const kinds = [
        { status: 503 },
        { status: 502 },
        { status: 429, retryAfterS: 2 },
        { kind: 'network' },
        { kind: 'truncated' },
        { kind: 'invalid' },
      ] as const;
      server.faults = () =>
        random() < 0.2 ? kinds[Math.floor(random() * kinds.length)] : undefined;
      const result = await s.run(plan);
      expect(result.status).toBe('done');
      expect(s.progress.at(-1)?.retries).toBeGreaterThan(0);
      await expectExactSet(server);
    },
  );
});
