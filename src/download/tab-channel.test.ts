import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withDatasetLock } from '../store/dataset-lock.ts';
import { DatasetBusyError } from '../store/errors.ts';
import { FakeLocks } from '../store/fake-locks.ts';
import { FakeChannelHub } from './fake-channel.ts';
import type { DownloadProgress } from './protocol.ts';
import {
  createTabPresence,
  isTabMessage,
  type PresenceEvent,
  type TabPresence,
} from './tab-channel.ts';

const progress = (fetched: number): DownloadProgress => ({
  phase: 'main',
  fetched,
  total: 30_000,
  pages: fetched / 50,
  pagesTotal: 600,
  rate: 1000,
  etaS: 10,
  retries: 0,
  inFlight: 4,
  concurrency: 4,
  added: fetched,
});

/** A tab: its presence and everything it heard. */
function openTab(hub: FakeChannelHub, locks: FakeLocks | undefined) {
  const presence = createTabPresence({ channel: hub.open(), locks, pollMs: 1000 });
  const heard: PresenceEvent[] = [];
  presence.subscribe((event) => {
    if (event.type !== 'changed') heard.push(event);
  });
  return { presence, heard };
}

/** A gate: a job that runs until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

// A message is a later task (a 0 ms timer, which fake timers run 1 ms later when set from a timer).
const settle = () => vi.advanceTimersByTimeAsync(5);
const tabs: TabPresence[] = [];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const tab of tabs.splice(0)) tab.close();
  vi.useRealTimers();
});

describe('isTabMessage', () => {
  it.each([
    [{ type: 'hello' }, true],
    [{ type: 'running', key: 'k', mode: 'download', progress: null }, true],
    [{ type: 'running', key: 'k', mode: 'refresh', progress: progress(50) }, true],
    [{ type: 'ended', key: 'k' }, true],
    [{ type: 'deleted', key: 'k' }, true],
    [{ type: 'running', key: 'k', mode: 'erase', progress: null }, false],
    [{ type: 'ended' }, false],
    [{ type: 'deleted', key: 3 }, false],
    [{ type: 'progress', key: 'k' }, false],
    [null, false],
    ['hello', false],
  ])('%j → %s', (message, ok) => {
    expect(isTabMessage(message)).toBe(ok);
  });
});

describe('createTabPresence', () => {
  it("shows one tab's running download, with its progress, in the other, until it ends", async () => {
    const hub = new FakeChannelHub();
    const locks = new FakeLocks();
    const a = openTab(hub, locks);
    const b = openTab(hub, locks);
    tabs.push(a.presence, b.presence);
    const job = gate();
    const run = withDatasetLock(locks, 'T1w', () => job.opened);

    a.presence.running({ key: 'T1w', mode: 'download', progress: progress(9000) });
    await settle();
    expect(b.presence.others().get('T1w')).toEqual({
      key: 'T1w',
      mode: 'download',
      progress: progress(9000),
    });
    // A never sees its own run as "another tab's".
    expect(a.presence.others().size).toBe(0);

    a.presence.running({ key: 'T1w', mode: 'download', progress: progress(12_000) });
    await settle();
    expect(b.presence.others().get('T1w')?.progress?.fetched).toBe(12_000);

    job.open();
    await run;
    a.presence.ended('T1w');
    await settle();
    expect(b.presence.others().size).toBe(0);
    expect(b.heard).toEqual([{ type: 'ended', key: 'T1w' }]);
  });

  it('a tab opened during a download learns of it at once (the runner answers hello)', async () => {
    const hub = new FakeChannelHub();
    const a = openTab(hub, undefined);
    tabs.push(a.presence);
    a.presence.running({ key: 'T1w', mode: 'refresh', progress: progress(100) });
    await settle();
    const late = openTab(hub, undefined);
    tabs.push(late.presence);
    await settle(); // hello out, the answer back
    await settle();
    expect(late.presence.others().get('T1w')).toMatchObject({ mode: 'refresh' });
  });

  it('a second Download of the same dataset joins the running one instead of racing it', async () => {
    const hub = new FakeChannelHub();
    const locks = new FakeLocks();
    const a = openTab(hub, locks);
    const b = openTab(hub, locks);
    tabs.push(a.presence, b.presence);
    const job = gate();
    let bDownloaded = false;
    const run = withDatasetLock(locks, 'T1w', () => job.opened);
    // B's worker tries before A's first progress reached B: the lock says no.
    const refused = await withDatasetLock(locks, 'T1w', async () => {
      bDownloaded = true;
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatasetBusyError);
    expect(bDownloaded).toBe(false);
    b.presence.busyElsewhere('T1w', 'download');
    expect(b.presence.others().get('T1w')).toEqual({
      key: 'T1w',
      mode: 'download',
      progress: null,
    });
    await vi.advanceTimersByTimeAsync(3000); // lock checks: still held, still shown
    expect(b.presence.others().has('T1w')).toBe(true);
    a.presence.running({ key: 'T1w', mode: 'download', progress: progress(500) });
    await settle();
    expect(b.presence.others().get('T1w')?.progress?.fetched).toBe(500);
    job.open();
    await run;
    a.presence.ended('T1w');
    await settle();
    expect(b.presence.others().size).toBe(0);
  });

  it('a tab that stops without a word (closed, crashed) is noticed when its lock is freed', async () => {
    const hub = new FakeChannelHub();
    const locks = new FakeLocks();
    const a = openTab(hub, locks);
    const b = openTab(hub, locks);
    tabs.push(b.presence);
    const job = gate();
    const run = withDatasetLock(locks, 'T1w', () => job.opened);
    a.presence.running({ key: 'T1w', mode: 'download', progress: progress(50) });
    await settle();
    expect(b.presence.others().has('T1w')).toBe(true);
    a.presence.close(); // the tab is gone: no "ended"; the browser frees its locks
    job.open();
    await run;
    await vi.advanceTimersByTimeAsync(1000);
    expect(b.presence.others().size).toBe(0);
    expect(b.heard).toEqual([{ type: 'ended', key: 'T1w' }]);
  });

  it('tells the other tabs of a delete', async () => {
    const hub = new FakeChannelHub();
    const a = openTab(hub, undefined);
    const b = openTab(hub, undefined);
    tabs.push(a.presence, b.presence);
    b.presence.deleted('T2w');
    await settle();
    expect(a.heard).toEqual([{ type: 'deleted', key: 'T2w' }]);
    expect(b.heard).toEqual([]);
  });

  it('ignores messages of another shape (another version of the app)', async () => {
    const hub = new FakeChannelHub();
    const a = openTab(hub, undefined);
    tabs.push(a.presence);
    const stranger = hub.open();
    stranger.postMessage({ type: 'running', key: 'T1w', mode: 'wipe' });
    stranger.postMessage({ type: 'ended' });
    await settle();
    expect(a.presence.others().size).toBe(0);
    expect(a.heard).toEqual([]);
    stranger.close();
  });

  it('without Web Locks, a busy dataset stays shown until its tab says it ended', async () => {
    const hub = new FakeChannelHub();
    const a = openTab(hub, undefined);
    const b = openTab(hub, undefined);
    tabs.push(a.presence, b.presence);
    b.presence.busyElsewhere('T1w', 'download');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.presence.others().has('T1w')).toBe(true);
    a.presence.ended('T1w');
    await settle();
    expect(b.presence.others().has('T1w')).toBe(false);
  });
});
