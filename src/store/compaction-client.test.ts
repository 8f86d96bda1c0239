import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The page's compactor worker, with a stand-in Worker that records what the page makes and
 * posts. The module decides at import whether it runs in a page, so each test imports it afresh
 * after the page globals are in place.
 */
class FakeWorker {
  static made: FakeWorker[] = [];
  posted: unknown[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly url: URL | string) {
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
}

async function client() {
  vi.resetModules();
  return import('./compaction-client.ts');
}

beforeEach(() => {
  FakeWorker.made = [];
  vi.useFakeTimers();
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('window', {});
  // The store's events stay out of it: no other tab here.
  vi.stubGlobal('BroadcastChannel', undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('requestCompaction', () => {
  it('leaves the worker unmade until a delayed request is due, so a table opening reads alone', async () => {
    const { requestCompaction, compactionState } = await client();
    requestCompaction('T1w?a', { delayMs: 3000 });
    expect(compactionState('T1w?a').type).toBe('queued');
    await vi.advanceTimersByTimeAsync(2999);
    expect(FakeWorker.made).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]?.posted).toEqual([{ type: 'compact', key: 'T1w?a', force: false }]);
  });

  it('asks at once, through one worker, when there is no delay', async () => {
    const { requestCompaction } = await client();
    requestCompaction('T1w?a');
    requestCompaction('bold?b', { force: true });
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]?.posted).toEqual([
      { type: 'compact', key: 'T1w?a', force: false },
      { type: 'compact', key: 'bold?b', force: true },
    ]);
  });

  it('does nothing outside a page', async () => {
    vi.stubGlobal('window', undefined);
    const { requestCompaction, compactionState } = await client();
    requestCompaction('T1w?a', { delayMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    expect(FakeWorker.made).toHaveLength(0);
    expect(compactionState('T1w?a').type).toBe('idle');
  });
});
