import type { QueryClient } from '@tanstack/react-query';
import { canonicalQueryKey, parseQuery } from '../api/explorer-query.ts';
import { lookupIn, readLongFilters } from '../features/query/long-filters.ts';
import { QUERY_DEFAULTS } from '../features/query/sources.ts';
import { tableReads } from '../frame/table-columns.ts';
import { parseViewSpec } from '../frame/view-spec.ts';
import { frameQueryOptions } from '../queries/dataset-queries.ts';

/**
 * How long a prefetched frame waits in the cache for the table to ask for it (frames are
 * otherwise dropped as soon as nothing shows them). The first render asks ~0.1–0.3 s later.
 */
export const PREFETCH_KEEP_MS = 5000;

/**
 * Called before React's first render (main.tsx), when the address opens the Records table: the
 * stored frame starts opening, and once open, the columns the table will read (tableReads) and
 * its stored dedup index. The table's own queries then find these reads under way (the Frame
 * shares a load between callers), instead of starting them after the first renders: on the
 * bench's 1M table that was ~0.3 s after navigation, with the reads taking ~0.6 s more.
 */
export function prefetchTable(
  client: QueryClient,
  search: string,
  frameOptions: typeof frameQueryOptions = frameQueryOptions,
): Promise<void> {
  const params = new URLSearchParams(search);
  if ((params.get('view') ?? 'table') !== 'table') return Promise.resolve();
  // A long filter not read yet would name another dataset: the app opens it in its own time.
  const lookup = lookupIn(readLongFilters());
  const ref = params.get('whereRef');
  if (ref && params.get('where') === null && lookup(ref) === undefined) return Promise.resolve();
  const query = parseQuery(search, QUERY_DEFAULTS, lookup);
  const spec = parseViewSpec(params);
  const options = frameOptions(canonicalQueryKey(query));
  return client.prefetchQuery({ ...options, gcTime: PREFETCH_KEEP_MS }).then(() => {
    const frame = client.getQueryData(options.queryKey);
    if (!frame) return;
    void frame.storedDedupIndex(spec.dedup);
    for (const name of tableReads(spec, query.modality, frame.columns)) {
      // A read that fails is the table's to report, when it asks for the column again.
      frame.load(name).catch(() => {});
    }
  });
}
