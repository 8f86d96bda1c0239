import { useCallback, useMemo, useSyncExternalStore } from 'react';
import {
  parseViewSpec,
  VIEW_PARAMS,
  type ViewSpec,
  viewSpecParams,
} from '../../frame/view-spec.ts';
import { type HistoryMode, readSearch, subscribeUrl, writeSearch } from '../../lib/url-state.ts';

const OWNED = new Set<string>(VIEW_PARAMS);

/** The search string with the view params replaced, every other param kept in place. */
function withView(search: string, spec: ViewSpec): string {
  const params = new URLSearchParams(search);
  const kept = [...params].filter(([key]) => !OWNED.has(key));
  const next = new URLSearchParams([...kept, ...viewSpecParams(spec)]);
  return `?${next.toString()}`;
}

/**
 * The table's view (dedup, rows shown, filters, sort, columns), kept in the page URL beside the
 * query. `update` merges a patch; sorting and view switches push history (Back undoes them),
 * typing in a filter should pass 'replace'.
 */
export function useViewSpec() {
  const search = useSyncExternalStore(subscribeUrl, readSearch);
  // Keyed by the view's own params, so edits to the query (or other features' params) keep the
  // same spec object and don't recompute a 1M-row view.
  const own = new URLSearchParams(
    viewSpecParams(parseViewSpec(new URLSearchParams(search))),
  ).toString();
  const spec = useMemo(() => parseViewSpec(new URLSearchParams(own)), [own]);
  const update = useCallback((patch: Partial<ViewSpec>, mode: HistoryMode = 'push') => {
    const current = parseViewSpec(new URLSearchParams(window.location.search));
    writeSearch(withView(window.location.search, { ...current, ...patch }), mode);
  }, []);
  return { spec, update };
}
