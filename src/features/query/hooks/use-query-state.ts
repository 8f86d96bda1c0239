import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { parseQuery, type QueryDefaults, serializeQuery } from '../../../api/explorer-query.ts';
import { readSearch, subscribeUrl } from '../../../lib/url-state.ts';
import {
  type LongFilter,
  loadLongFilter,
  lookupIn,
  readLongFilters,
  subscribeLongFilters,
} from '../long-filters.ts';
import { QUERY_DEFAULTS } from '../sources.ts';
import { writeQuery } from './use-query-actions.ts';

/**
 * The query, read from the page URL, which is its home: reload, Back and a shared link all
 * restore it. Params of other features pass through untouched. A field filter too long for
 * the address stays in this browser, the URL naming it by `whereRef=`. Changes go through
 * useQueryActions.
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
    if (serializeQuery(query, { shortWhere: true }) !== window.location.search) {
      writeQuery(query, 'replace');
    }
  }, [query]);

  return { query, longFilter };
}
