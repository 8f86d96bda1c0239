import { queryOptions, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { buildProbeUrl, type Modality, normalizeApiBase } from '../../../api/eve-url.ts';
import { fetchPage } from '../../../api/fetch-page.ts';
import { type SourceStatus, toSourceStatus } from '../messages.ts';
import { listSources, type SourceInfo } from '../sources.ts';
import { browserFetch } from './browser-fetch.ts';

/** A source that has not answered in this time is reported unreachable. */
export const PROBE_TIMEOUT_MS = 6000;

/**
 * A one-record answer is ~2 KB (a real 50-record page is ~100 KB). A server that ignores
 * `max_results=1` is cut off here: the stream stops, the connection closes, nothing is parsed.
 * So the main thread parses at most 1 MB (~10 ms of JSON.parse), for an honest answer a few KB:
 * cheaper than starting a worker to parse it, which is why probes parse on the main thread.
 */
export const PROBE_MAX_BYTES = 1024 * 1024;

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
    maxBytes: PROBE_MAX_BYTES,
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

/**
 * Probes the selected source for one modality. The others (the public API, the mirror) are asked
 * only once the user looks at them (`checkOthers`: the source list opened) or asks
 * (`recheck`: "Check again"): a page load must not tell the public API about a user working on
 * their mirror, nor knock on localhost for a user of the public API. `paused`: the form is folded
 * away; nothing is asked until it shows.
 */
export function useSourceProbes(selected: string, modality: Modality, paused = false) {
  const sources = listSources(selected);
  const chosen = normalizeApiBase(selected);
  const queryClient = useQueryClient();
  // The modality the user looked at the other sources for: another modality is another question.
  const [othersFor, setOthersFor] = useState<Modality | null>(null);
  const othersWanted = othersFor === modality;
  const results = useQueries({
    queries: sources.map((source) => ({
      ...sourceProbeQueryOptions(source.base, modality),
      enabled: !paused && (source.base === chosen || othersWanted),
    })),
  });
  const probed: ProbedSource[] = sources.map((source, index) => {
    const result = results[index];
    // While re-checking, say so rather than showing the previous answer as current.
    const status: SourceStatus =
      !result || result.isFetching
        ? { type: 'checking' }
        : result.status === 'pending'
          ? source.base === chosen || othersWanted
            ? { type: 'checking' }
            : { type: 'unchecked' }
          : toSourceStatus(result);
    return { ...source, status };
  });
  const checkOthers = () => setOthersFor(modality);
  const recheck = () => {
    setOthersFor(modality);
    void queryClient.invalidateQueries({ queryKey: sourceKeys.all });
  };
  return { sources: probed, checkOthers, recheck };
}
