import type { DedupParts } from '../frame/dedup.ts';
import type { Method } from '../worker-port/port-messages.ts';
import type { SegmentLayout } from './segment-layout.ts';

/** An origin-private file of a stored dedup index, and its layout. */
export interface DedupFileRef {
  readonly dir: string;
  readonly name: string;
  readonly layout: SegmentLayout;
}

/**
 * The segment reader worker's methods: the bytes of a whole origin-private file, or of a range;
 * or a stored dedup index's two files read and worked out there (dedup-files.ts).
 */
export type SegmentReaderApi = {
  read: Method<{ dir: string; name: string }, Uint8Array>;
  readRange: Method<{ dir: string; name: string; start: number; end: number }, Uint8Array>;
  dedup: Method<{ group: DedupFileRef; flags: DedupFileRef }, DedupParts | null>;
};
