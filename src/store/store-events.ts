/**
 * What the store tells every tab and worker of the origin: a download run saved its last batch
 * (the compactor's cue), a compaction switched a dataset's segments. One BroadcastChannel; a
 * browser without one (or a test) simply hears nothing.
 */
export type StoreEvent =
  | { type: 'run-saved'; key: string }
  | { type: 'compacted'; key: string; segments: number };

const CHANNEL = 'crowdmri:store';

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
