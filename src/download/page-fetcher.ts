import { isModality } from '../api/eve-url.ts';
import type { ExchangeLimits } from '../api/exchange.ts';
import { type FetchFn, fetchCollectionPage } from '../api/fetch-page.ts';
import { assertHttpSource } from '../api/source-url.ts';
import type { FetchPage } from './page-request.ts';

export interface PageFetcherOptions extends Omit<ExchangeLimits, 'signal'> {
  /** The source, e.g. `https://mriqc.nimh.nih.gov/api/v1`: http(s) only. */
  apiBase: string;
  modality: string;
  fetchFn: FetchFn;
}

/**
 * The engine's FetchPage over src/api: each PageRequest (whose `where` is already whole) becomes
 * one Eve request with the API client's time limits (default 60 s per exchange, 20 s of
 * silence), its answer checked for origin and shape, its failure typed with a `kind`.
 * Throws SchemeError at once for a source that is not http(s), RangeError for an unknown modality.
 * @example const fetchPage = createPageFetcher({apiBase, modality: 'T1w', fetchFn: (u, i) => fetch(u, i)});
 *   await fetchPage({where: null, sort: '_id', maxResults: 500, page: 1}, signal)
 */
export function createPageFetcher(options: PageFetcherOptions): FetchPage {
  const { apiBase, modality, fetchFn, ...limits } = options;
  assertHttpSource(apiBase);
  if (!isModality(modality)) throw new RangeError(`Unknown modality "${modality}"`);
  return (request, signal) =>
    fetchCollectionPage(fetchFn, { base: apiBase, modality, ...request, ...limits, signal });
}
