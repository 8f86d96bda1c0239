import { useQueries } from '@tanstack/react-query';
import { type ExplorerQuery, requestTooLong, toRecordQuery } from '../../../api/explorer-query.ts';
import { type FacetValue, planFacet, remainder } from '../../../api/facets.ts';
import { countQueryOptions } from './count-query.ts';
import { useDebounced } from './use-debounced.ts';
import { LIVE_COUNT_DEBOUNCE_MS } from './use-live-count.ts';

/** A facet to count: its field, and the values asked so far. */
export interface FacetPlan {
  field: string;
  label: string;
  values: readonly FacetValue[];
  /** Count records without the field too (`null` value, shown as "not recorded"). */
  missing: boolean;
}

export interface FacetCell {
  value: FacetValue;
  /** undefined while counting (or waiting for a slot). */
  count?: number;
  error?: unknown;
}

export interface FacetResult {
  field: string;
  label: string;
  cells: FacetCell[];
  /** "Not recorded": records without the field (when planned). */
  missing?: FacetCell;
  /** Records the counted values leave out, once every count and the total are known. */
  rest?: number;
}

/**
 * Counts each planned value under the query, one `max_results=1` request per value through the
 * shared count slots (≤ 4 in flight), cached with the live count. Debounced like it; when the
 * query changes, counts no longer wanted are cancelled (TanStack Query aborts their signal).
 */
export function useFacets(
  query: ExplorerQuery,
  plans: readonly FacetPlan[],
  { enabled, total }: { enabled: boolean; total: number | undefined },
): FacetResult[] | null {
  const records = toRecordQuery(query);
  const usable = records.type === 'valid' && !requestTooLong(query);
  const planned = usable
    ? plans.map((plan) =>
        planFacet(records.query, plan.field, plan.missing ? [...plan.values, null] : plan.values),
      )
    : [];
  const key = `${query.source} ${query.modality} ${planned
    .flat()
    .map((r) => r.key)
    .join('\n')}`;
  const settled = useDebounced(planned, key, LIVE_COUNT_DEBOUNCE_MS);
  const results = useQueries({
    queries: settled.value.flat().map((request) => ({
      ...countQueryOptions(query.source, query.modality, request.where, request.key),
      enabled: enabled && settled.key === key,
    })),
  });
  if (!usable || settled.key !== key) return null;
  let at = 0;
  return plans.map((plan, index) => {
    const cells: FacetCell[] = (settled.value[index] ?? []).map((request) => {
      const result = results[at++];
      return { value: request.value, count: result?.data, error: result?.error ?? undefined };
    });
    const missing = plan.missing ? cells.pop() : undefined;
    const counts = [...cells, ...(missing ? [missing] : [])].map((cell) => cell.count);
    return {
      field: plan.field,
      label: plan.label,
      cells,
      missing,
      rest: remainder(total, counts),
    };
  });
}
