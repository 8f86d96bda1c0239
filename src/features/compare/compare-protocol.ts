import type { IqmComparison } from '../../compare/comparison.ts';
import type { GroupFileResult } from '../../compare/parse-group-file.ts';

/**
 * The one contract between the compare view and its worker. `id` pairs a reply with its
 * request; a newer `crowd` request supersedes an older one (the worker stops the old one).
 */
export type ToCompareWorker =
  | { type: 'parse'; id: number; file: File }
  | {
      type: 'crowd';
      id: number;
      datasetKey: string;
      /** The crowd: rows of the stored dataset (the current view's rows). */
      rows: Uint32Array;
      iqms: string[];
      /** Per IQM, the user's values (NaN = missing), in scan order. */
      user: Float64Array[];
    };

export type FromCompareWorker =
  | { type: 'parsed'; id: number; result: GroupFileResult }
  /** One more IQM compared (`iqm` absent when the crowd has it only as text). */
  | { type: 'progress'; id: number; done: number; total: number; iqm?: IqmComparison }
  | {
      type: 'compared';
      id: number;
      iqms: IqmComparison[];
      /** IQMs the crowd has only as text (no numbers to compare with). */
      skipped: string[];
    }
  | { type: 'failed'; id: number; message: string };
