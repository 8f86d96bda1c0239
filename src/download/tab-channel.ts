/**
 * What every tab of the app tells the others about its downloads, over one BroadcastChannel,
 * so that a second tab shows "Downloading in another tab" (with that tab's progress) instead
 * of racing it. The dataset's Web Lock (store/dataset-lock.ts) is what actually keeps one
 * writer per dataset; this channel only tells, and the lock also tells when a tab that never
 * said goodbye (closed, crashed) has stopped. No React, no browser globals: the channel and
 * the locks are passed in (fakes in tests).
 */
import { type Locks, lockedDatasetKeys } from '../store/dataset-lock.ts';
import type { DownloadProgress, JobSpec } from './protocol.ts';

export const TAB_CHANNEL_NAME = 'crowdmri:downloads';

type Mode = JobSpec['mode'];

/**
 * Messages between tabs.
 *
 * @example
 * channel.postMessage({ type: 'running', key, mode: 'download', progress } satisfies TabMessage);
 */
export type TabMessage =
  /** This tab is running the dataset's job (sent with each progress, and to answer `hello`). */
  | { type: 'running'; key: string; mode: Mode; progress: DownloadProgress | null }
  /** This tab's job of the dataset ended (done, paused, cancelled or failed). */
  | { type: 'ended'; key: string }
  /** This tab deleted the dataset. */
  | { type: 'deleted'; key: string }
  /** A tab opened: whoever runs a job says so. */
  | { type: 'hello' };

/**
 * Whether a message from the channel is a TabMessage (another version of the app, in another
 * tab, may send something else).
 *
 * @example
 * isTabMessage({ type: 'ended', key: 'k' }) // true
 * isTabMessage({ type: 'ended' }) // false
 */
export function isTabMessage(value: unknown): value is TabMessage {
  const m = value as Partial<Record<string, unknown>> | null;
  if (typeof m !== 'object' || m === null) return false;
  if (m.type === 'hello') return true;
  if (typeof m.key !== 'string') return false;
  if (m.type === 'ended' || m.type === 'deleted') return true;
  return m.type === 'running' && (m.mode === 'download' || m.mode === 'refresh');
}

/** The part of BroadcastChannel used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** A job another tab is running. */
export interface OtherRun {
  key: string;
  mode: Mode;
  /** Its last progress; null until it sends one (it may still be planning). */
  progress: DownloadProgress | null;
}

/** What listeners hear: the set of other tabs' runs changed; a run ended; a dataset was deleted. */
export type PresenceEvent =
  | { type: 'changed' }
  | { type: 'ended'; key: string }
  | { type: 'deleted'; key: string };

export interface TabPresence {
  /** Other tabs' runs by dataset key; a new Map after each change (a stable snapshot otherwise). */
  others(): ReadonlyMap<string, OtherRun>;
  subscribe(listener: (event: PresenceEvent) => void): () => void;
  /** Our run of `key` is going (call with each progress). */
  running(run: OtherRun): void;
  /** Our run of `key` ended. */
  ended(key: string): void;
  /** We deleted the dataset `key`. */
  deleted(key: string): void;
  /**
   * Our worker found the dataset's lock taken: another tab runs it, though its first message
   * may not have reached us yet. Shown as running there until the lock is free.
   */
  busyElsewhere(key: string, mode: Mode): void;
  close(): void;
}

export interface PresenceOptions {
  channel: ChannelLike;
  /** Tells when a tab that said nothing has stopped (its lock is free); undefined: no Web Locks. */
  locks: Locks | undefined;
  /** How often, while other tabs run something, their locks are checked. */
  pollMs?: number;
}

/**
 * One tab's view of the others, and its own voice.
 *
 * @example
 * const presence = createTabPresence({ channel: new BroadcastChannel(TAB_CHANNEL_NAME),
 *   locks: navigator.locks });
 * presence.subscribe(() => render(presence.others()));
 */
export function createTabPresence(options: PresenceOptions): TabPresence {
  const { channel, locks, pollMs = 2000 } = options;
  let others = new Map<string, OtherRun>();
  let mine: OtherRun | null = null;
  const listeners = new Set<(event: PresenceEvent) => void>();
  let poll: ReturnType<typeof setInterval> | null = null;

  const emit = (event: PresenceEvent) => {
    for (const listener of listeners) listener(event);
  };
  const send = (message: TabMessage) => channel.postMessage(message);

  function update(next: Map<string, OtherRun>, ended: string[] = []) {
    others = next;
    emit({ type: 'changed' });
    for (const key of ended) emit({ type: 'ended', key });
    syncPoll();
  }

  function put(run: OtherRun) {
    const next = new Map(others);
    next.set(run.key, run);
    update(next);
  }

  function drop(keys: string[], event: 'ended' | 'deleted') {
    const gone = keys.filter((key) => others.has(key));
    if (gone.length > 0) {
      const next = new Map(others);
      for (const key of gone) next.delete(key);
      update(next, event === 'ended' ? gone : []);
    }
    if (event === 'deleted') for (const key of keys) emit({ type: 'deleted', key });
  }

  /** A tab can vanish without a word (closed, crashed): its lock is freed then. */
  async function checkLocks() {
    if (!locks || others.size === 0) return;
    const held = await lockedDatasetKeys(locks).catch(() => null);
    if (!held) return;
    drop(
      [...others.keys()].filter((key) => !held.has(key)),
      'ended',
    );
  }

  function syncPoll() {
    const want = !!locks && others.size > 0;
    if (want && !poll) poll = setInterval(() => void checkLocks(), pollMs);
    if (!want && poll) {
      clearInterval(poll);
      poll = null;
    }
  }

  const onMessage = ({ data }: { data: unknown }) => {
    if (!isTabMessage(data)) return;
    if (data.type === 'hello') {
      if (mine) send({ type: 'running', ...mine });
    } else if (data.type === 'running') {
      put({ key: data.key, mode: data.mode, progress: data.progress });
    } else {
      drop([data.key], data.type);
    }
  };
  channel.addEventListener('message', onMessage);
  send({ type: 'hello' });

  return {
    others: () => others,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    running(run) {
      mine = run;
      send({ type: 'running', ...run });
    },
    ended(key) {
      if (mine?.key === key) mine = null;
      send({ type: 'ended', key });
    },
    deleted(key) {
      send({ type: 'deleted', key });
    },
    busyElsewhere(key, mode) {
      if (!others.has(key)) put({ key, mode, progress: null });
      void checkLocks(); // it may have ended before we looked
    },
    close() {
      channel.removeEventListener('message', onMessage);
      channel.close();
      if (poll) clearInterval(poll);
      poll = null;
      listeners.clear();
    },
  };
}
