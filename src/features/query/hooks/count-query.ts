import { queryOptions } from '@tanstack/react-query';
import { createLimiter } from '../../../api/concurrency-limit.ts';
import { InvalidResponseError } from '../../../api/errors.ts';
import { type Modality, normalizeApiBase } from '../../../api/eve-url.ts';
import { fetchCollectionPage } from '../../../api/fetch-page.ts';
import { SAMPLE_SIZE, sampleValues } from '../../../api/field-sample.ts';
import type { WhereObject } from '../../../api/where.ts';
import { MAX_PLAUSIBLE_TOTAL } from '../../../download/page-checks.ts';
import { browserFetch } from './browser-fetch.ts';
import { COUNT_TIMEOUT_MS } from './use-match-count.ts';

/** One record is ~2–4 KB: a server ignoring `max_results=1` is cut off, never parsed. */
export const LIVE_COUNT_MAX_BYTES = 1024 * 1024;

/** Counts (facets, the live count) kept as fresh this long: a count says when it was taken. */
const COUNT_STALE_MS = 5 * 60_000;

/**
 * Every count request of the page shares these slots: facets ask one request per value, and
 * the public API runs two gunicorn workers for everyone.
 */
export const countSlots = createLimiter(4);

/**
 * Keys by source, collection and the `where` as stable text: a facet value and the query its
 * link leads to share one entry, so the live count after a click is already known.
 */
export const countKeys = {
  all: ['count'] as const,
  of: (base: string, modality: Modality, whereKey: string) =>
    [...countKeys.all, normalizeApiBase(base), modality, whereKey] as const,
};

/**
 * `_meta.total` of a one-record page: the number of records matching `where` (null: all).
 * @example await readCount(MIRROR_API, 'T1w', {'provenance.software': 'mriqc'}, signal) // 18240
 */
export async function readCount(
  base: string,
  modality: Modality,
  where: WhereObject | null,
  signal?: AbortSignal,
): Promise<number> {
  const page = await fetchCollectionPage(browserFetch, {
    base,
    modality,
    where,
    maxResults: 1,
    signal,
    timeoutMs: COUNT_TIMEOUT_MS,
    maxBytes: LIVE_COUNT_MAX_BYTES,
  });
  const { total } = page.meta;
  // Never shown: a count beyond any MRIQC collection is a fault of the server, not a total.
  if (!Number.isSafeInteger(total) || total < 0 || total > MAX_PLAUSIBLE_TOTAL) {
    throw new InvalidResponseError(
      'its count of matching records is impossible (more than any MRIQC collection holds)',
    );
  }
  return total;
}

/**
 * The count of one `where`, waiting for one of the shared slots. TanStack Query aborts the
 * signal when no component wants the count any more (the query changed): a count still waiting
 * is then dropped unsent, one under way is cut.
 */
export function countQueryOptions(
  base: string,
  modality: Modality,
  where: WhereObject | null,
  whereKey: string,
) {
  return queryOptions({
    queryKey: countKeys.of(base, modality, whereKey),
    queryFn: ({ signal }) => countSlots.run(() => readCount(base, modality, where, signal), signal),
    staleTime: COUNT_STALE_MS,
    retry: false,
  });
}

/**
 * The values of `field` in one page of the query's records (projected to that field), most
 * frequent first: what a facet the user adds counts. Shares the count slots.
 */
export function fieldSampleQueryOptions(
  base: string,
  modality: Modality,
  where: WhereObject | null,
  whereKey: string,
  field: string,
) {
  return queryOptions({
    queryKey: ['field-sample', normalizeApiBase(base), modality, whereKey, field] as const,
    queryFn: ({ signal }) =>
      countSlots.run(async () => {
        const page = await fetchCollectionPage(browserFetch, {
          base,
          modality,
          where,
          maxResults: SAMPLE_SIZE,
          projection: { [field]: 1 },
          signal,
          timeoutMs: COUNT_TIMEOUT_MS,
          maxBytes: LIVE_COUNT_MAX_BYTES,
        });
        return sampleValues(page.items, field);
      }, signal),
    staleTime: COUNT_STALE_MS,
    retry: false,
  });
}
