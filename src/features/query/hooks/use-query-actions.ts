import { useCallback } from 'react';
import {
  type ExplorerQuery,
  parseQuery,
  type QueryDefaults,
  serializeQuery,
} from '../../../api/explorer-query.ts';
import { type HistoryMode, writeSearch } from '../../../lib/url-state.ts';
import { QUERY_DEFAULTS } from '../sources.ts';

/**
 * Writes the query into the page URL — its only home (useQueryState reads it). The one place
 * that does: the query form, the Datasets list's Open/Refresh and Compare's "Switch to" all go
 * through here.
 */
export function writeQuery(query: ExplorerQuery, mode: HistoryMode): void {
  writeSearch(serializeQuery(query), mode);
}

/** The ways the app changes the query. */
export function useQueryActions(defaults: QueryDefaults = QUERY_DEFAULTS) {
  /**
   * Changes some fields, keeping every other param (the view, its sort and filters). Reads the
   * URL now rather than a render-time copy, so quick successive edits all land.
   */
  const update = useCallback(
    (patch: Partial<ExplorerQuery>, mode: HistoryMode = 'push') => {
      writeQuery({ ...parseQuery(window.location.search, defaults), ...patch }, mode);
    },
    [defaults],
  );
  /**
   * Switches to a stored query (its `?source=…&modality=…`), shown on `view`: the previous
   * dataset's sort, filters and columns don't carry over. Returns the query opened.
   */
  const open = useCallback(
    (search: string, view: string): ExplorerQuery => {
      const query = parseQuery(search, defaults);
      writeQuery({ ...query, extra: [['view', view]] }, 'push');
      return query;
    },
    [defaults],
  );
  return { update, open };
}
