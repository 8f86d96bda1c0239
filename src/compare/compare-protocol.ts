import type { Method } from '../worker-port/port-messages.ts';
import type { IqmComparison } from './comparison.ts';
import type { GroupFileResult } from './parse-group-file.ts';
import type { TestedSide } from './scan-stats.ts';

/** The user's IQMs against crowd rows of the stored dataset. */
export interface CrowdRequest {
  datasetKey: string;
  /** The crowd: rows of the stored dataset (the current view's rows). */
  rows: Uint32Array;
  iqms: string[];
  /** Per IQM, the user's values (NaN = missing), in scan order. */
  user: Float64Array[];
  /** Per IQM, the side(s) tested for flags (testedSideOf). */
  tested: TestedSide[];
}

/** One more IQM compared (`iqm` absent when the crowd has it only as text). */
export interface CrowdStep {
  done: number;
  total: number;
  iqm?: IqmComparison;
}

export interface CrowdResult {
  iqms: IqmComparison[];
  /** IQMs the crowd has only as text (no numbers to compare with). */
  skipped: string[];
}

/**
 * The comparison worker's methods. Each compared IQM travels as an event as soon as it is done
 * (at 1M crowd rows a whole file takes seconds, and the first IQMs are worth showing); a newer
 * comparison cancels the older one.
 */
export type CompareApi = {
  parse: Method<{ file: File }, GroupFileResult>;
  crowd: Method<CrowdRequest, CrowdResult, never, CrowdStep>;
};
