import type { Method } from '../worker-port/port-messages.ts';

/** The segment reader worker's one method: the bytes of a whole origin-private file. */
export type SegmentReaderApi = {
  read: Method<{ dir: string; name: string }, Uint8Array>;
};
