import { queryOptions, useQueries, useQueryClient } from '@tanstack/react-query';
import { buildProbeUrl, type Modality } from '../../../api/eve-url.ts';
import { fetchPage } from '../../../api/fetch-page.ts';
import { type SourceStatus, toSourceStatus } from '../messages.ts';
import { listSources, type SourceInfo } from '../sources.ts';
import { browserFetch } from './browser-fetch.ts';

/** A source that has not answered in this time is reported unreachable. */
export const PROBE_TIMEOUT_MS = 6000;

export const sourceKeys = {
  all: ['source-probe'] as const,
  probe: (base: string, modality: Modality) => [...sourceKeys.all, base, modality] as const,
};

/**
 * One record from `{base}/{modality}`: proves the source answers, and `_meta.total` tells its size.
 * @example readSourceTotal(MIRROR_API, 'T1w', signal) // 20000
 */
export async function readSourceTotal(
  base: string,
  modality: Modality,
  signal?: AbortSignal,
): Promise<number> {
  const page = await fetchPage(browserFetch, buildProbeUrl(base, modality), {
    signal,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return page.meta.total;
}

export function sourceProbeQueryOptions(base: string, modality: Modality) {
  return queryOptions({
    queryKey: sourceKeys.probe(base, modality),
    queryFn: ({ signal }) => readSourceTotal(base, modality, signal),
    // A probe answers "is it up now?": retrying would only delay the answer; "Check again" re-asks.
    retry: false,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}

export interface ProbedSource extends SourceInfo {
  status: SourceStatus;
}

/** Probes the public API, the mirror and (if different) the selected source, for one modality. */
export function useSourceProbes(selected: string, modality: Modality) {
  const sources = listSources(selected);
  const queryClient = useQueryClient();
  const results = useQueries({
    queries: sources.map((source) => sourceProbeQueryOptions(source.base, modality)),
  });
  const probed: ProbedSource[] = sources.map((source, index) => ({
    ...source,
    // While re-checking, say so rather than showing the previous answer as current.
    status: toSourceStatus(
      !results[index] || results[index].isFetching ? { status: 'pending' } : results[index],
    ),
  }));
  const recheck = () => queryClient.invalidateQueries({ queryKey: sourceKeys.all });
  return { sources: probed, recheck };
}
