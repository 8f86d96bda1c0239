import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { parseQuery, type QueryDefaults, serializeQuery } from '../../../api/explorer-query.ts';
import { readSearch, subscribeUrl } from '../../../lib/url-state.ts';
import { QUERY_DEFAULTS } from '../sources.ts';
import { writeQuery } from './use-query-actions.ts';

/**
 * The query, read from the page URL, which is its only home: reload, Back and a shared link
 * all restore it. Params of other features pass through untouched. Changes go through
 * useQueryActions.
 */
export function useQueryState(defaults: QueryDefaults = QUERY_DEFAULTS) {
  const search = useSyncExternalStore(subscribeUrl, readSearch);
  const query = useMemo(() => parseQuery(search, defaults), [search, defaults]);

  // Spell out every param (source, modality, software) so the address bar is a complete,
  // shareable link even before the user touches anything.
  useEffect(() => {
    if (serializeQuery(query) !== window.location.search) writeQuery(query, 'replace');
  }, [query]);

  return { query };
}
