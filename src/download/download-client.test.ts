import { afterEach, describe, expect, it } from 'vitest';
import type { FetchFn } from '../api/fetch-page.ts';
import { setupTestDb } from '../store/test-db.test-support.ts';
import type { WorkerEndpoint } from '../worker-port/worker-client.ts';
import { createDownloadClient } from './download-client.ts';
import { serveDownloads } from './download-handlers.ts';
import { createFakeEve, fakeEveFetch, makeRecords } from './fake-eve.test-support.ts';
import type { FromWorker, JobSpec } from './protocol.ts';

const t = setupTestDb('crowdmri-download-client-test');
const spec: JobSpec = {
  datasetKey: 'source=test&modality=T1w',
  query: { modality: 'T1w' },
  apiBase: 'http://127.0.0.1:5174/api/v1',
  modality: 'T1w',
  filter: { 'provenance.software': 'mriqc' },
  mode: 'download',
  concurrency: 2,
};

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/**
 * The page's download client and the worker's methods joined by a real MessageChannel
 * (structured clone both ways), as the app joins them through a Worker.
 */
function connect(fetchFn: FetchFn) {
  const channel = new MessageChannel();
  channels.push(channel);
  serveDownloads(channel.port1 as unknown as WorkerEndpoint, {
    openDb: async () => t.db(),
    fetchFn,
    sleep: async () => {}, // retry waits pass at once
  });
  channel.port1.start();
  const client = createDownloadClient(() => {
    channel.port2.start();
    return channel.port2 as unknown as WorkerEndpoint;
  });
  const messages: FromWorker[] = [];
  let settle: (message: FromWorker) => void = () => {};
  const ended = new Promise<FromWorker>((resolve) => {
    settle = resolve;
  });
  client.subscribe((message) => {
    messages.push(message);
    if (message.type !== 'progress') settle(message);
  });
  return { client, messages, ended };
}

/** A fetch that never answers until its signal aborts (a stalled server). */
const stalled: FetchFn = (_url, init) =>
  new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  });

/** The probes (the first two requests) are answered; every page after them goes to `then`. */
function afterProbes(answer: FetchFn, then: FetchFn): FetchFn {
  let calls = 0;
  return (url, init) => (++calls <= 2 ? answer(url, init) : then(url, init));
}

describe('download client ↔ download worker (over a real MessageChannel)', () => {
  it('reports progress, then the end with every record stored', async () => {
    const server = createFakeEve(makeRecords(300, { seed: 7 }));
    const { client, messages, ended } = connect(fakeEveFetch(server));
    client.start(spec);
    const stored = server.idsMatching(spec.filter).length;
    expect(await ended).toEqual({
      type: 'done',
      status: 'done',
      added: stored,
      stored,
      total: 300,
      grew: 0,
      mended: 0,
      // The server's count checked against what the store holds: every record is there.
      check: { type: 'verified', count: stored },
    });
    expect(messages.at(-1)).toBe(await ended);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0); // the latest progress lands before the end
    expect(progress.at(-1)).toMatchObject({ progress: { fetched: stored } });
  });

  it.each([
    ['pause', 'paused'],
    ['cancel', 'cancelled'],
  ] as const)('%s stops a stalled run at once, which ends %s', async (stop, status) => {
    const server = createFakeEve(makeRecords(300, { seed: 8 }));
    const fetchFn = afterProbes(fakeEveFetch(server), (url, init) => {
      setTimeout(() => client[stop](), 0);
      return stalled(url, init);
    });
    const { client, ended } = connect(fetchFn);
    client.start(spec);
    expect(await ended).toMatchObject({ type: 'done', status, stored: 0 });
  });

  it("a page the server refuses ends the run with the HTTP error's kind and status", async () => {
    const server = createFakeEve(makeRecords(300, { seed: 9 }));
    const refuse: FetchFn = async () =>
      new Response(JSON.stringify({ _status: 'ERR', _error: { code: 400, message: 'no' } }), {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
      });
    const { client, ended } = connect(afterProbes(fakeEveFetch(server), refuse));
    client.start(spec);
    // The engine's PageFailedError wraps the HttpError: its kind and status come along as data.
    expect(await ended).toMatchObject({
      type: 'error',
      error: { name: 'PageFailedError', kind: 'http', status: 400, serverMessage: 'no' },
    });
  });

  it('refuses a second run while one runs, and the first still ends', async () => {
    const server = createFakeEve(makeRecords(300, { seed: 10 }));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const answer = fakeEveFetch(server);
    const { client, messages } = connect(async (url, init) => {
      await held;
      return answer(url, init);
    });
    client.start(spec);
    client.start({ ...spec, datasetKey: 'another' });
    await expect
      .poll(() => messages.find((m) => m.type === 'error'))
      .toMatchObject({
        error: { name: 'DownloadBusyError' },
      });
    release();
    await expect
      .poll(() => messages.find((m) => m.type === 'done'))
      .toMatchObject({
        status: 'done',
      });
  });
});
