import type { Method } from '../worker-port/port-messages.ts';

/** What a segment reader worker does. */
export type SegmentReaderApi = {
  /** The bytes of a whole origin-private file. */
  read: Method<{ dir: string; name: string }, Uint8Array>;
  /** The dataset in `dir` is being opened: read ahead what this reader read last time. */
  readAhead: Method<{ dir: string; reader: number }, void>;
};
