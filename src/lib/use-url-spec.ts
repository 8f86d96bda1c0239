import { useCallback, useMemo, useSyncExternalStore } from 'react';
import {
  type HistoryMode,
  readSearch,
  subscribeUrl,
  withParams,
  writeSearch,
} from './url-state.ts';

/**
 * A feature's settings kept in the page URL beside the query: `parse` reads them from the
 * params, `write` gives the params back (defaults left out), `owned` names every param `write`
 * can produce. `update` merges a patch; 'push' (default) lets Back undo it, 'replace' suits
 * typing.
 */
export function useUrlSpec<T extends object>(
  parse: (params: URLSearchParams) => T,
  write: (spec: T) => [string, string][],
  owned: ReadonlySet<string>,
) {
  const search = useSyncExternalStore(subscribeUrl, readSearch);
  // Keyed by the feature's own params, so edits to the query (or other features' params) keep
  // the same spec object and don't recompute what depends on it (a 1M-row view, charts).
  const own = new URLSearchParams(write(parse(new URLSearchParams(search)))).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `own` is the spec's identity
  const spec = useMemo(() => parse(new URLSearchParams(own)), [own]);
  const update = useCallback(
    (patch: Partial<T>, mode: HistoryMode = 'push') => {
      const current = parse(new URLSearchParams(window.location.search));
      writeSearch(withParams(window.location.search, owned, write({ ...current, ...patch })), mode);
    },
    [parse, write, owned],
  );
  return { spec, update };
}
