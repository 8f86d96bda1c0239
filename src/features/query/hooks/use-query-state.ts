import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  type ExplorerQuery,
  parseQuery,
  type QueryDefaults,
  serializeQuery,
} from '../../../api/explorer-query.ts';
import { QUERY_DEFAULTS } from '../sources.ts';

/** pushState/replaceState fire no event of their own; this one tells the hook to re-read the URL. */
const URL_CHANGE = 'crowdmri:urlchange';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(URL_CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(URL_CHANGE, onChange);
  };
}

const readSearch = () => window.location.search;

/** 'push' for deliberate choices (Back undoes them), 'replace' for typing (one entry per field). */
export type HistoryMode = 'push' | 'replace';

function writeSearch(search: string, mode: HistoryMode): void {
  const url = `${search}${window.location.hash}`;
  if (mode === 'push') window.history.pushState(window.history.state, '', url);
  else window.history.replaceState(window.history.state, '', url);
  window.dispatchEvent(new Event(URL_CHANGE));
}

/**
 * The query, read from and written to the page URL, which is its only home: reload, Back and a
 * shared link all restore it. Params of other features pass through untouched.
 */
export function useQueryState(defaults: QueryDefaults = QUERY_DEFAULTS) {
  const search = useSyncExternalStore(subscribe, readSearch);
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
