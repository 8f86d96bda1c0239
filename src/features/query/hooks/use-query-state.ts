import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  type ExplorerQuery,
  parseQuery,
  type QueryDefaults,
  serializeQuery,
} from '../../../api/explorer-query.ts';
import { type HistoryMode, readSearch, subscribeUrl, writeSearch } from '../../../lib/url-state.ts';
import { QUERY_DEFAULTS } from '../sources.ts';

export type { HistoryMode };

/**
 * The query, read from and written to the page URL, which is its only home: reload, Back and a
 * shared link all restore it. Params of other features pass through untouched.
 */
export function useQueryState(defaults: QueryDefaults = QUERY_DEFAULTS) {
  const search = useSyncExternalStore(subscribeUrl, readSearch);
  const query = useMemo(() => parseQuery(search, defaults), [search, defaults]);

  // Spell out every param (source, modality, software) so the address bar is a complete,
  // shareable link even before the user touches anything.
  useEffect(() => {
    const canonical = serializeQuery(query);
    if (canonical !== window.location.search) writeSearch(canonical, 'replace');
  }, [query]);

  const update = useCallback(
    (patch: Partial<ExplorerQuery>, mode: HistoryMode = 'push') => {
      // Read the URL now rather than a render-time copy, so quick successive edits all land.
      const current = parseQuery(window.location.search, defaults);
      writeSearch(serializeQuery({ ...current, ...patch }), mode);
    },
    [defaults],
  );

  return { query, update };
}
