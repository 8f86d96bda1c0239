import { type SerializedError, serializeError } from '../../api/errors.ts';
import { buildWhere } from '../../api/eve-url.ts';
import {
  canonicalQueryKey,
  type ExplorerQuery,
  serializeQuery,
  toRecordQuery,
} from '../../api/explorer-query.ts';
import { sourceProblem } from '../../api/source-url.ts';
import type { JobSpec } from '../../download/protocol.ts';

export type JobSpecResult =
  | { type: 'valid'; spec: JobSpec }
  /** The filter is unusable: the query form says why. */
  | { type: 'invalid'; message: string }
  /** The source is not an http(s) address: refused before any request, with this error. */
  | { type: 'refused'; error: SerializedError };

/**
 * The worker's job for a query: one dataset per canonical query key, the filter exactly as the
 * match count sends it (software, versions in one `$in`, the user's where), or why the filter
 * is unusable, or why the source is refused (`data:`, `javascript:`, `file:` …).
 * @example toJobSpec({...q, where: '{"size_x": 256}'}, 'download', 4).spec.filter
 *   // {'provenance.software': 'mriqc', size_x: 256}
 */
export function toJobSpec(
  query: ExplorerQuery,
  mode: JobSpec['mode'],
  concurrency: number,
): JobSpecResult {
  const refused = sourceProblem(query.source);
  if (refused) return { type: 'refused', error: serializeError(refused) };
  const records = toRecordQuery(query);
  if (records.type === 'invalid') return records;
  const params = new URLSearchParams(serializeQuery({ ...query, extra: [] }));
  // `plan=keyset|pages` (a URL param, as benchmarks set it) picks the plan of a new download.
  const plan = query.extra.find(([name]) => name === 'plan')?.[1];
  const strategy: Pick<JobSpec, 'strategy'> =
    plan === 'keyset' || plan === 'pages' ? { strategy: plan } : {};
  // `chunk=N` (100–100,000; tests and benchmarks) stores N-record chunks, as a slow server would.
  const chunk = Number(query.extra.find(([name]) => name === 'chunk')?.[1]);
  const chunking: Pick<JobSpec, 'chunkRecords'> =
    Number.isInteger(chunk) && chunk >= 100 && chunk <= 100_000 ? { chunkRecords: chunk } : {};
  return {
    type: 'valid',
    spec: {
      datasetKey: canonicalQueryKey(query),
      query: Object.fromEntries(params),
      apiBase: query.source,
      modality: query.modality,
      filter: buildWhere(records.query),
      mode,
      concurrency,
      ...strategy,
      ...chunking,
    },
  };
}
