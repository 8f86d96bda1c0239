import { useUrlSpec } from '../../lib/use-url-spec.ts';
import { CHART_PARAMS, chartSpecParams, parseChartSpec } from './chart-spec.ts';

const OWNED = new Set<string>(CHART_PARAMS);

/** The charts' settings, kept in the page URL (see chart-spec.ts); Back undoes a change. */
export function useChartSpec() {
  return useUrlSpec(parseChartSpec, chartSpecParams, OWNED);
}
