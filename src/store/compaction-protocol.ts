import type { SerializedError } from '../api/errors.ts';
import type { CompactionResult } from './compaction.ts';

/** Messages between the page's compaction client and the compactor worker. Plain data. */
export type ToCompactor = { type: 'compact'; key: string; force?: boolean };

export type FromCompactor =
  | { type: 'started'; key: string }
  | { type: 'finished'; key: string; result: CompactionResult }
  | { type: 'failed'; key: string; error: SerializedError };
