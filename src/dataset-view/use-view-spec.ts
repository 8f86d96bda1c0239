import { parseViewSpec, VIEW_PARAMS, viewSpecParams } from '../frame/view-spec.ts';
import { useUrlSpec } from '../lib/use-url-spec.ts';

const OWNED = new Set<string>(VIEW_PARAMS);

/**
 * The table's view (dedup, rows shown, filters, sort, columns), kept in the page URL beside the
 * query. `update` merges a patch; sorting and view switches push history (Back undoes them),
 * typing in a filter should pass 'replace'.
 */
export function useViewSpec() {
  return useUrlSpec(parseViewSpec, viewSpecParams, OWNED);
}
