import type { BinScale } from '../../frame/histogram.ts';
import { GROUP_NAMES, type GroupBy } from './chart-text.ts';

/**
 * The charts' settings as URL params, so a reload or a shared link shows the same charts:
 * `charts=cjv,cnr` (the distributions drawn, in order; absent = the paper's set),
 * `groupby=manufacturer`, `range=full` (default: clipped to p01–p99) and
 * `scale=gcor:log,tsnr:linear` (axes the user set; the others are chosen from the data).
 * No React: parsed and written here, unit-tested.
 */

export type ChartRange = 'p01-p99' | 'full';

export interface ChartSpec {
  /** Distributions to draw, in order; null = the defaults for the dataset. */
  iqms: string[] | null;
  groupBy: GroupBy;
  range: ChartRange;
  scales: Record<string, BinScale>;
}

export const CHART_PARAMS = ['charts', 'groupby', 'range', 'scale'] as const;

export const DEFAULT_CHARTS: ChartSpec = {
  iqms: null,
  groupBy: 'none',
  range: 'p01-p99',
  scales: {},
};

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Reads the chart params; anything unknown falls back to the default, never an error.
 *
 * @example
 * parseChartSpec(new URLSearchParams('charts=cjv,cnr&groupby=field&scale=cjv:log'))
 * // { iqms: ['cjv', 'cnr'], groupBy: 'field', range: 'p01-p99', scales: { cjv: 'log' } }
 */
export function parseChartSpec(params: URLSearchParams): ChartSpec {
  const charts = params.get('charts');
  const groupBy = params.get('groupby') ?? 'none';
  const scales: Record<string, BinScale> = {};
  for (const item of list(params.get('scale') ?? '')) {
    const at = item.lastIndexOf(':');
    const scale = item.slice(at + 1);
    if (at > 0 && (scale === 'log' || scale === 'linear')) scales[item.slice(0, at)] = scale;
  }
  return {
    iqms: charts === null ? null : [...new Set(list(charts))],
    groupBy: Object.hasOwn(GROUP_NAMES, groupBy) ? (groupBy as GroupBy) : 'none',
    range: params.get('range') === 'full' ? 'full' : 'p01-p99',
    scales,
  };
}

/**
 * The params of a spec, defaults left out (the URL stays short).
 *
 * @example
 * chartSpecParams({ ...DEFAULT_CHARTS, range: 'full' }) // [['range', 'full']]
 */
export function chartSpecParams(spec: ChartSpec): [string, string][] {
  const out: [string, string][] = [];
  if (spec.iqms !== null) out.push(['charts', spec.iqms.join(',')]);
  if (spec.groupBy !== 'none') out.push(['groupby', spec.groupBy]);
  if (spec.range !== 'p01-p99') out.push(['range', spec.range]);
  const scales = Object.entries(spec.scales).map(([iqm, scale]) => `${iqm}:${scale}`);
  if (scales.length > 0) out.push(['scale', scales.join(',')]);
  return out;
}

/**
 * The distributions to draw: the spec's, limited to what the dataset can chart; the defaults
 * when the spec names none or only IQMs this dataset lacks (a link from another modality). An
 * explicitly empty list stays empty: the user removed every chart.
 *
 * @example
 * chartedIqms({ ...DEFAULT_CHARTS, iqms: ['tsnr'] }, ['cjv', 'cnr'], ['cjv']) // ['cjv']
 */
export function chartedIqms(
  spec: ChartSpec,
  available: readonly string[],
  defaults: readonly string[],
): string[] {
  if (spec.iqms === null) return [...defaults];
  const kept = spec.iqms.filter((name) => available.includes(name));
  return kept.length === 0 && spec.iqms.length > 0 ? [...defaults] : kept;
}
