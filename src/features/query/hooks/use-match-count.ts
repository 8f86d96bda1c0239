import { useMutation } from '@tanstack/react-query';
import { buildCollectionUrl, type Modality, type RecordQuery } from '../../../api/eve-url.ts';
import { fetchPage } from '../../../api/fetch-page.ts';
import { browserFetch } from './browser-fetch.ts';

/** Counting runs MongoDB's count over every match: allow more than the server's own 30 s limit. */
export const COUNT_TIMEOUT_MS = 45_000;

/** 50 real records are ~100 KB: far more is not an honest page, and must not be parsed here. */
export const COUNT_MAX_BYTES = 4 * 1024 * 1024;

export interface CountRequest {
  /** canonicalQueryKey of the query, to tell whether a result still describes the form. */
  key: string;
  source: string;
  modality: Modality;
  query: RecordQuery;
}

export type CountState =
  | { type: 'idle' }
  /** A result exists, but for a query the form no longer shows. */
  | { type: 'stale' }
  | { type: 'pending' }
  | { type: 'success'; total: number }
  | { type: 'error'; error: unknown };

/**
 * The first page of the query, exactly as the download will ask for it; its `_meta.total` is the
 * number of matching records.
 */
export async function readMatchCount(request: CountRequest): Promise<number> {
  const url = buildCollectionUrl(request.source, request.modality, request.query, {
    maxResults: 50,
    page: 1,
  });
  const page = await fetchPage(browserFetch, url, {
    timeoutMs: COUNT_TIMEOUT_MS,
    maxBytes: COUNT_MAX_BYTES,
  });
  return page.meta.total;
}

/** Counts on demand (the Download button); the state describes only the query with `currentKey`. */
export function useMatchCount(currentKey: string) {
  const mutation = useMutation({ mutationKey: ['match-count'], mutationFn: readMatchCount });
  const request = mutation.variables;
  let state: CountState;
  if (!request) state = { type: 'idle' };
  else if (request.key !== currentKey) state = { type: 'stale' };
  else if (mutation.status === 'pending') state = { type: 'pending' };
  else if (mutation.status === 'success') state = { type: 'success', total: mutation.data };
  else if (mutation.status === 'error') state = { type: 'error', error: mutation.error };
  else state = { type: 'idle' };
  return { state, count: mutation.mutate };
}
