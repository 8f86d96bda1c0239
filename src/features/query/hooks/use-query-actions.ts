import { useCallback } from 'react';
import {
  type ExplorerQuery,
  isLongFilter,
  parseQuery,
  type QueryDefaults,
  serializeQuery,
} from '../../../api/explorer-query.ts';
import { type HistoryMode, writeSearch } from '../../../lib/url-state.ts';
import { lookupIn, readLongFilters, rememberLongFilter } from '../long-filters.ts';
import { QUERY_DEFAULTS } from '../sources.ts';

/**
 * Writes the query into the page URL — its home (useQueryState reads it). The one place that
 * does: the query form, the Datasets list's Open/Refresh and Compare's "Switch to" all go
 * through here. A filter too long for the address stays in this browser (whereRef=).
 */
export function writeQuery(query: ExplorerQuery, mode: HistoryMode): void {
  if (isLongFilter(query.where)) rememberLongFilter(query.where);
  writeSearch(serializeQuery(query, { shortWhere: true }), mode);
}

/** The query in the URL now (a long filter read from this browser). */
function currentQuery(search: string, defaults: QueryDefaults): ExplorerQuery {
  return parseQuery(search, defaults, lookupIn(readLongFilters()));
}

/** The ways the app changes the query. */
export function useQueryActions(defaults: QueryDefaults = QUERY_DEFAULTS) {
  /**
   * Changes some fields, keeping every other param (the view, its sort and filters). Reads the
   * URL now rather than a render-time copy, so quick successive edits all land.
   */
  const update = useCallback(
    (patch: Partial<ExplorerQuery>, mode: HistoryMode = 'push') => {
      const { whereRef, ...rest } = { ...currentQuery(window.location.search, defaults), ...patch };
      // A filter typed in replaces one the link named but this browser lacks.
      const next: ExplorerQuery =
        patch.where === undefined && whereRef ? { ...rest, whereRef } : rest;
      writeQuery(next, mode);
    },
    [defaults],
  );
  /**
   * Switches to a stored query (its `?source=…&modality=…`), shown on `view`: the previous
   * dataset's sort, filters and columns don't carry over. Returns the query opened.
   */
  const open = useCallback(
    (search: string, view: string): ExplorerQuery => {
      const query = currentQuery(search, defaults);
      writeQuery({ ...query, extra: [['view', view]] }, 'push');
      return query;
    },
    [defaults],
  );
  /** The query a stored dataset's `?source=…&modality=…` names, without going to it. */
  const read = useCallback(
    (search: string): ExplorerQuery => currentQuery(search, defaults),
    [defaults],
  );
  return { update, open, read };
}
