/**
 * What the store tells every tab and worker of the origin: a download run saved its last batch
 * or appended many chunks (the compactor's cues), a compaction switched a dataset's segments. One BroadcastChannel; a
 * browser without one (or a test) simply hears nothing.
 */
export type StoreEvent =
  | { type: 'run-saved'; key: string }
  /** A running download has appended another COMPACT_EVERY chunks. */
  | { type: 'appended'; key: string; chunks: number }
  | { type: 'compacted'; key: string; segments: number };

const CHANNEL = 'crowdmri:store';

/**
 * Appended chunks after which a running download asks for a compaction (at the public API's
 * pace, ~4 minutes of 1,000-record commits). Where the download holds the dataset's lock for
 * its whole run, the compactor starts when the run ends.
 */
export const COMPACT_EVERY = 128;

export function announce(event: StoreEvent): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(event);
  channel.close();
}

/** Calls `listener` with every event another context announces; returns unsubscribe. */
export function listenStore(listener: (event: StoreEvent) => void): () => void {
  if (typeof BroadcastChannel !== 'function') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = ({ data }: MessageEvent<StoreEvent>) => listener(data);
  return () => channel.close();
}
