import { lineY, type Markish, rectY, ruleX, ruleY } from '@observablehq/plot';
import { useMemo } from 'react';
import { computeDistribution, type Distribution } from '../../frame/distribution.ts';
import type { GroupSummaries } from '../../frame/group-summary.ts';
import type { BinScale, Histogram, RowGroups } from '../../frame/histogram.ts';
import { formatCount, formatValue, hiddenNote } from './chart-text.ts';
import { PlotFigure, type PlotOptions } from './plot-figure.tsx';

export const BAR_COLOR = '#1d5ea8';
const MEDIAN_COLOR = '#b3261e';
const GROUPED_BINS = 24;
/** Tableau 10, minus the blue bars' near twin for the first group. */
export const GROUP_COLORS = [
  '#4e79a7',
  '#f28e2c',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];

export interface DistributionChartProps {
  name: string;
  /** Short unit for the axis ("dimensionless" for ratios). */
  unit: string;
  description?: string;
  values: Float64Array;
  rows: Uint32Array;
  /** Grouping of the rows; absent = one histogram. */
  groups?: RowGroups;
  groupLabels: readonly string[];
  /** "manufacturer", "field strength", …, for sentences. */
  groupByName: string;
  summaries: GroupSummaries;
  range: 'p01-p99' | 'full';
  scale: BinScale | 'auto';
  onScale: (scale: BinScale) => void;
  onRemove?: () => void;
}

function sum(counts: Uint32Array): number {
  let n = 0;
  for (const c of counts) n += c;
  return n;
}

/** Bars of counts (one group), as pre-binned rectangles: Plot never sees the rows. */
function barMarks(h: Histogram, median: number): Markish[] {
  const bins = h.edges.length - 1;
  const data = Array.from({ length: bins }, (_, i) => ({
    x1: h.edges[i]!,
    x2: h.edges[i + 1]!,
    count: h.counts[i]!,
  }));
  return [
    rectY(data, { x1: 'x1', x2: 'x2', y: 'count', fill: BAR_COLOR, insetLeft: 0.5 }),
    ruleY([0]),
    ruleX([median], { stroke: MEDIAN_COLOR, strokeWidth: 2, strokeDasharray: '5,3' }),
  ];
}

function legendName(label: string, n: number): string {
  return `${label} (${formatCount(n)})`;
}

/** One outline per group: each bin's share of the group's values, so sizes don't hide shapes. */
function groupLines(h: Histogram, labels: readonly string[], summaries: GroupSummaries) {
  const bins = h.edges.length - 1;
  const data: { x: number; share: number; group: string }[] = [];
  for (let g = 0; g < h.groupCount; g++) {
    const n = summaries.groups[g]?.n ?? 0;
    if (n === 0) continue;
    // The legend names each group with its size: a ragged line may be a small group.
    const group = legendName(labels[g] ?? `Group ${g + 1}`, n);
    for (let i = 0; i < bins; i++) {
      data.push({ x: h.edges[i]!, share: (h.counts[g * bins + i]! / n) * 100, group });
    }
    const last = h.counts[g * bins + bins - 1]!;
    data.push({ x: h.edges[bins]!, share: (last / n) * 100, group });
  }
  return data;
}

/**
 * Each group's median as a dashed rule in the group's colour (a log axis can't place one ≤ 0):
 * shapes drawn as shares hide where a group's middle is.
 */
function groupMedians(labels: readonly string[], summaries: GroupSummaries, log: boolean) {
  return labels.flatMap((label, g) => {
    const s = summaries.groups[g];
    if (!s || s.n === 0 || !Number.isFinite(s.median) || (log && !(s.median > 0))) return [];
    return [{ x: s.median, group: legendName(label, s.n), label }];
  });
}

/** "median 24.0.2 0.52, 23.1.0 0.55, …", for the text beside a grouped chart. */
function mediansText(labels: readonly string[], summaries: GroupSummaries): string {
  return labels
    .flatMap((label, g) => {
      const s = summaries.groups[g];
      return s && s.n > 0 ? [`${label} ${formatValue(s.median)}`] : [];
    })
    .join(', ');
}

function summarize(props: DistributionChartProps, d: Distribution): string {
  const { name, unit, groupLabels, summaries, range, groups, groupByName } = props;
  const { overall } = summaries;
  if (!d.histogram) return `Distribution of ${name} (${unit}): no values in this view.`;
  const h = d.histogram;
  const hidden = hiddenNote({
    below: sum(h.below),
    above: sum(h.above),
    nonPositive: sum(h.nonPositive),
    range,
  });
  const parts = [
    `Distribution of ${name} (${unit}) over ${formatCount(overall.n)} records`,
    `median ${formatValue(overall.median)}, p01 ${formatValue(overall.p01)}, p99 ${formatValue(overall.p99)}`,
    `${d.scale} axis`,
  ];
  if (groups) {
    const list = groupLabels
      .map((label, g) => `${label} (${formatCount(summaries.groups[g]?.n ?? 0)})`)
      .join(', ');
    parts.push(`by ${groupByName}: ${list}`);
    parts.push(`medians: ${mediansText(groupLabels, summaries)}`);
  }
  if (hidden) parts.push(hidden);
  return `${parts.join('; ')}.`;
}

/** A histogram of one IQM over the current view (the paper's Fig. 3B), grouped on request. */
export function DistributionChart(props: DistributionChartProps) {
  const { name, unit, values, rows, groups, groupLabels, summaries, range, scale } = props;
  const distribution = useMemo(
    () =>
      computeDistribution(
        values,
        rows,
        // Fewer, wider bins per group: each line is a fraction of the records, so noisier.
        { scale, range, ...(groups ? { groups, bins: GROUPED_BINS } : {}) },
        summaries,
      ),
    [values, rows, groups, summaries, range, scale],
  );
  const options = useMemo(() => {
    const h = distribution.histogram;
    const domain = distribution.domain;
    if (!h || !domain) return null;
    const grouped = Boolean(groups);
    const lines = grouped ? groupLines(h, groupLabels, summaries) : [];
    const medians = grouped
      ? groupMedians(groupLabels, summaries, distribution.scale === 'log')
      : [];
    const shown = grouped
      ? groupLabels.flatMap((label, g) => {
          const n = summaries.groups[g]?.n ?? 0;
          return n > 0 ? [legendName(label, n)] : [];
        })
      : [];
    return (width: number): PlotOptions => ({
      height: 270,
      marginTop: 30,
      marginLeft: 56,
      marginBottom: 46,
      x: {
        type: distribution.scale,
        domain: [h.edges[0]!, h.edges[h.edges.length - 1]!],
        label: `${name} (${unit})`,
        labelOffset: 40,
        ticks: Math.max(3, Math.floor(width / 90)),
        // Plain decimals: Plot's SI default writes 0.01 as "10m", easily read as metres.
        ...(distribution.scale === 'log' ? { tickFormat: '~g' } : {}),
      },
      y: grouped
        ? { label: '% of the group’s records', grid: true, nice: true }
        : { label: 'Records', grid: true, nice: true },
      // Categorical: swatches, one per group. Left to infer, Plot drew an ordinal ramp whose cells
      // got negative widths once a grouping had many values (versions).
      ...(grouped
        ? { color: { type: 'categorical', legend: true, domain: shown, range: GROUP_COLORS } }
        : {}),
      marks: grouped
        ? [
            ruleY([0]),
            lineY(lines, { x: 'x', y: 'share', stroke: 'group', curve: 'step-after' }),
            ruleX(medians, {
              x: 'x',
              stroke: 'group',
              strokeWidth: 1.5,
              strokeDasharray: '4,3',
              clip: true,
              title: (d: { label: string; x: number }) => `${d.label}: median ${formatValue(d.x)}`,
            }),
          ]
        : barMarks(h, summaries.overall.median),
    });
  }, [distribution, groups, groupLabels, summaries, name, unit]);
  const h = distribution.histogram;
  const hidden = h
    ? hiddenNote({
        below: sum(h.below),
        above: sum(h.above),
        nonPositive: sum(h.nonPositive),
        range,
      })
    : '';
  const missing = summaries.overall.missing;
  const logLabel = `Log axis for ${name}`;
  const controls = (
    <>
      <label className="inline-check" title={logLabel}>
        <input
          type="checkbox"
          aria-label={logLabel}
          checked={distribution.scale === 'log'}
          disabled={!distribution.logPossible}
          onChange={(event) => props.onScale(event.target.checked ? 'log' : 'linear')}
        />
        Log axis{distribution.suggested === 'log' ? ' (suggested)' : ''}
      </label>
      {props.onRemove ? (
        <button
          type="button"
          className="link-button"
          aria-label={`Remove the ${name} chart`}
          onClick={props.onRemove}
        >
          Remove
        </button>
      ) : null}
    </>
  );
  return (
    <PlotFigure
      title={`Distribution of ${name}`}
      name={name}
      note={[
        `${name}: ${formatCount(summaries.overall.n)} with a value`,
        ...(missing > 0 ? [`${formatCount(missing)} without`] : []),
        `${distribution.scale} axis`,
        ...(hidden ? [hidden] : []),
        ...(groups ? [`by ${props.groupByName}, each line a share of its group`] : []),
      ].join('; ')}
      summary={summarize(props, distribution)}
      options={options}
      controls={controls}
    >
      {props.description ? <p className="chart-description">{props.description}</p> : null}
      <p>
        {formatCount(summaries.overall.n)} records
        {groups ? (
          <>
            ; one line per {props.groupByName}, as a share of that group’s records; dashed lines:
            each group’s median ({mediansText(groupLabels, summaries)})
          </>
        ) : (
          <>
            ; <span className="median-key">dashed line</span>: median{' '}
            {formatValue(summaries.overall.median)}
          </>
        )}
        .{hidden ? ` ${hidden.charAt(0).toUpperCase()}${hidden.slice(1)}.` : ''}
        {missing > 0 ? ` ${formatCount(missing)} without a value.` : ''}
      </p>
      {!h ? <p>No record in this view has a value for {name}.</p> : null}
    </PlotFigure>
  );
}
