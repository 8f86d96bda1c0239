import type { Method } from '../worker-port/port-messages.ts';

/** The segment reader worker's methods: the bytes of a whole origin-private file, or of a range. */
export type SegmentReaderApi = {
  read: Method<{ dir: string; name: string }, Uint8Array>;
  readRange: Method<{ dir: string; name: string; start: number; end: number }, Uint8Array>;
};
