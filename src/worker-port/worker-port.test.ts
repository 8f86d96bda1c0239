import { afterEach, describe, expect, it } from 'vitest';
import type { Method } from './port-messages.ts';
import { type CallContext, serveWorker } from './serve-worker.ts';
import { createWorkerClient, type WorkerEndpoint } from './worker-client.ts';

/** A worker's API for these tests. */
type TestApi = {
  echo: Method<{ text: string; waitMs?: number }, string>;
  fail: Method<{ name: string; message: string }, never>;
  failHttp: Method<null, never>;
  count: Method<{ to: number }, number, number, { at: number }>;
  bytes: Method<{ size: number }, ArrayBuffer>;
  wait: Method<null, string, number>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the worker side saw, to check cancelling reached it. */
const seen: { aborted: string[]; emitted: number[] } = { aborted: [], emitted: [] };

const handlers = {
  echo: async ({ text, waitMs = 0 }: { text: string; waitMs?: number }) => {
    await sleep(waitMs);
    return text;
  },
  fail: ({ name, message }: { name: string; message: string }): never => {
    // A DOMException, as IndexedDB throws: its name must survive the trip.
    throw new DOMException(message, name);
  },
  failHttp: (): never => {
    class HttpError extends Error {
      readonly status = 503;
      readonly retryAfterS = 30;
      readonly response = { body: 'not plain data' };
      constructor() {
        super('The server answered 503');
        this.name = 'HttpError';
      }
    }
    throw new HttpError();
  },
  /** Emits `to` events, each waited for; reports progress after each. */
  count: async ({ to }: { to: number }, call: CallContext<number, { at: number }>) => {
    for (let at = 0; at < to; at++) {
      await call.emit({ at });
      if (call.signal.aborted) {
        seen.aborted.push('count');
        return -1;
      }
      seen.emitted.push(at);
      call.progress(at + 1);
    }
    return to;
  },
  bytes: ({ size }: { size: number }, call: CallContext<never, never>) => {
    const buffer = new Uint8Array(size).fill(7).buffer;
    call.transferResult([buffer]);
    return buffer;
  },
  wait: async (_: null, call: CallContext<number, never>) => {
    call.progress(1);
    await new Promise((resolve) => call.signal.addEventListener('abort', resolve));
    seen.aborted.push('wait');
    call.progress(2);
    return 'ignored';
  },
};

const channels: MessageChannel[] = [];

/** A client and a served "worker" joined by a real MessageChannel (structured clone, transfer). */
function connect() {
  const channel = new MessageChannel();
  channels.push(channel);
  serveWorker<TestApi>(channel.port1 as unknown as WorkerEndpoint, handlers);
  channel.port1.start();
  const spawned = { count: 0 };
  const client = createWorkerClient<TestApi>('test', () => {
    spawned.count++;
    const port = channel.port2;
    port.start();
    return port as unknown as WorkerEndpoint;
  });
  return { client, spawned };
}

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
  seen.aborted = [];
  seen.emitted = [];
});

describe('worker port', () => {
  it('pairs each reply with its call, several at once, on one worker created on first use', async () => {
    const { client, spawned } = connect();
    expect(spawned.count).toBe(0);
    const slow = client.call('echo', { text: 'slow', waitMs: 30 });
    const fast = client.call('echo', { text: 'fast' });
    expect(await Promise.all([slow, fast])).toEqual(['slow', 'fast']);
    expect(spawned.count).toBe(1);
  });

  it("rethrows the worker's error with its name and message", async () => {
    const { client } = connect();
    const error = await client
      .call('fail', { name: 'QuotaExceededError', message: 'The disk is full' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'QuotaExceededError', message: 'The disk is full' });
  });

  it('keeps the data an error carries in its own fields (a status, seconds to wait)', async () => {
    const { client } = connect();
    const error = await client.call('failHttp', null).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HttpError', status: 503, retryAfterS: 30 });
    expect(error).not.toHaveProperty('response');
  });

  it('answers an unknown method with an error naming it', async () => {
    const { client } = connect();
    const call = client.call('nope' as 'echo', { text: '' });
    await expect(call).rejects.toMatchObject({ name: 'UnknownMethodError' });
    await expect(call).rejects.toThrow('"nope"');
  });

  it('delivers events in order, each handled before the worker goes on; progress follows them', async () => {
    const { client } = connect();
    const log: string[] = [];
    const result = await client.call(
      'count',
      { to: 4 },
      {
        onEvent: async ({ at }) => {
          log.push(`event ${at}`);
          await sleep(5);
          // The worker is still waiting: it has not gone past this event.
          expect(seen.emitted).toEqual(Array.from({ length: at }, (_, i) => i));
          log.push(`handled ${at}`);
        },
        onProgress: (n) => log.push(`progress ${n}`),
      },
    );
    expect(result).toBe(4);
    expect(log).toEqual([
      'event 0',
      'handled 0',
      'progress 1',
      'event 1',
      'handled 1',
      'progress 2',
      'event 2',
      'handled 2',
      'progress 3',
      'event 3',
      'handled 3',
      'progress 4',
    ]);
  });

  it('cancels: the call rejects at once with the reason, the worker stops, nothing more arrives', async () => {
    const { client } = connect();
    const controller = new AbortController();
    const progress: number[] = [];
    const call = client.call('wait', null, {
      signal: controller.signal,
      onProgress: (n) => progress.push(n),
    });
    await sleep(20);
    expect(progress).toEqual([1]);
    controller.abort(new DOMException('Export cancelled', 'AbortError'));
    await expect(call).rejects.toMatchObject({ name: 'AbortError', message: 'Export cancelled' });
    await sleep(20);
    expect(seen.aborted).toEqual(['wait']);
    expect(progress).toEqual([1]);
    // The worker serves the next call as usual.
    expect(await client.call('echo', { text: 'next' })).toBe('next');
  });

  it('an event handler that throws fails the call with its error and stops the worker side', async () => {
    const { client } = connect();
    const call = client.call(
      'count',
      { to: 100 },
      {
        onEvent: ({ at }) => {
          if (at === 2) throw new RangeError('disk full');
        },
      },
    );
    await expect(call).rejects.toThrow(RangeError);
    await sleep(20);
    expect(seen.emitted).toEqual([0, 1]);
    expect(seen.aborted).toEqual(['count']);
  });

  it('a call made with an aborted signal never starts', async () => {
    const { client, spawned } = connect();
    const call = client.call('echo', { text: 'x' }, { signal: AbortSignal.abort() });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned.count).toBe(0);
  });

  it('moves buffers instead of copying them, both ways', async () => {
    const { client } = connect();
    const result = await client.call('bytes', { size: 16 });
    expect(new Uint8Array(result)).toEqual(new Uint8Array(16).fill(7));
    const mine = new Uint8Array(8).buffer;
    await client.call('echo', { text: 'x', extra: mine } as never, { transfer: [mine] });
    expect(mine.byteLength).toBe(0); // detached: it went to the worker
  });

  it('throttles progress to the interval asked, the last value always shown', async () => {
    const { client } = connect();
    const progress: Array<[number, number]> = [];
    const t0 = performance.now();
    await client.call(
      'count',
      { to: 30 },
      {
        onEvent: () => sleep(3),
        onProgress: (n) => progress.push([performance.now() - t0, n]),
        progressEveryMs: 40,
      },
    );
    expect(progress.at(-1)?.[1]).toBe(30);
    expect(progress.length).toBeLessThan(30);
  });

  it('a worker that fails to start fails its calls with the worker named', async () => {
    // A Worker's "error" event, as the browser fires it when the script can't load: the real
    // thing runs only in a browser (the e2e suite), so an EventTarget stands in for it here.
    const spawned: EventTarget[] = [];
    const client = createWorkerClient<TestApi>('comparison', () => {
      const target = new EventTarget();
      spawned.push(target);
      return Object.assign(target, { postMessage: () => undefined }) as unknown as WorkerEndpoint;
    });
    const call = client.call('echo', { text: 'x' });
    spawned[0]!.dispatchEvent(Object.assign(new Event('error'), { message: '' }));
    await expect(call).rejects.toMatchObject({
      name: 'WorkerError',
      message: 'The comparison worker failed to start.',
    });
    // The next call does not wait on the failed worker: it starts another.
    void client.call('echo', { text: 'y' }).catch(() => undefined);
    expect(spawned).toHaveLength(2);
  });

  it('terminate fails the calls still running', async () => {
    const { client } = connect();
    const call = client.call('echo', { text: 'x', waitMs: 50 });
    client.terminate();
    await expect(call).rejects.toMatchObject({ name: 'WorkerError' });
  });
});
