import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  type ExplorerQuery,
  isLongFilter,
  parseQuery,
  type QueryDefaults,
  serializeQuery,
} from '../../../api/explorer-query.ts';
import { type HistoryMode, readSearch, subscribeUrl, writeSearch } from '../../../lib/url-state.ts';
import {
  type LongFilter,
  loadLongFilter,
  lookupIn,
  readLongFilters,
  rememberLongFilter,
  subscribeLongFilters,
} from '../long-filters.ts';
import { QUERY_DEFAULTS } from '../sources.ts';

export type { HistoryMode };

/**
 * The query, read from and written to the page URL, which is its home: reload, Back and a
 * shared link all restore it. Params of other features pass through untouched. A field filter
 * too long for the address stays in this browser, the URL naming it by `whereRef=`.
 */
export function useQueryState(defaults: QueryDefaults = QUERY_DEFAULTS) {
  const search = useSyncExternalStore(subscribeUrl, readSearch);
  const filters = useSyncExternalStore(subscribeLongFilters, readLongFilters);
  const query = useMemo(
    () => parseQuery(search, defaults, lookupIn(filters)),
    [search, defaults, filters],
  );
  /** What became of the long filter the URL names, when it names one not (yet) found. */
  const longFilter: LongFilter | null = query.whereRef
    ? (filters.get(query.whereRef) ?? { state: 'loading' })
    : null;

  // Spell out every param (source, modality, software) so the address bar is a complete,
  // shareable link even before the user touches anything; a long `where=` (a stored dataset
  // opened, a link from before) moves out of the address.
  useEffect(() => {
    if (query.whereRef) void loadLongFilter(query.whereRef);
    if (isLongFilter(query.where)) rememberLongFilter(query.where);
    const canonical = serializeQuery(query, { shortWhere: true });
    if (canonical !== window.location.search) writeSearch(canonical, 'replace');
  }, [query]);

  const update = useCallback(
    (patch: Partial<ExplorerQuery>, mode: HistoryMode = 'push') => {
      // Read the URL now rather than a render-time copy, so quick successive edits all land.
      const current = parseQuery(window.location.search, defaults, lookupIn(readLongFilters()));
      const { whereRef, ...rest } = { ...current, ...patch };
      // A filter typed in replaces one the link named but this browser lacks.
      const next: ExplorerQuery =
        patch.where === undefined && whereRef ? { ...rest, whereRef } : rest;
      if (isLongFilter(next.where)) rememberLongFilter(next.where);
      writeSearch(serializeQuery(next, { shortWhere: true }), mode);
    },
    [defaults],
  );

  return { query, update, longFilter };
}
