import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useRef } from 'react';
import type { Comparison, IqmComparison } from '../../compare/comparison.ts';
import { type Bin, binSorted } from '../../compare/crowd-histogram.ts';
import { SYNTHETIC_MARK, useSyntheticData } from '../../components/synthetic-data.tsx';
import { iqmInfo } from '../../data/iqm-catalog.ts';
import { markDrawing } from '../../lib/mark-svg.ts';

type Modality = 'T1w' | 'T2w' | 'bold';

const CROWD = '#a9b8c8';
const SCAN = '#d9661f';
const FLAGGED = '#8f1d14';

const BETTER: Record<string, string> = {
  'higher-better': 'higher is better',
  'lower-better': 'lower is better',
  neither: 'no better side',
};

/** Share (%) of `values` in each of the crowd's bins, for the user's outline histogram. */
function userShares(values: readonly number[], bins: readonly Bin[]): Bin[] {
  if (bins.length === 0 || values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const lo = bins[0]!.x0;
  const hi = bins[bins.length - 1]!.x1;
  const { bins: counted } = binSorted(sorted, [lo, hi], bins.length);
  return counted.map((b) => ({ ...b, count: (b.count / values.length) * 100 }));
}

/**
 * One IQM: the crowd's pre-binned histogram (bars), the user's scans binned the same way
 * (orange outline), both as shares so 148 scans and 1M records sit on one scale; flagged
 * scans as dark triangles on the baseline.
 */
function OverlayChart(props: { iqm: IqmComparison; values: Float64Array; modality: Modality }) {
  const { iqm, values, modality } = props;
  const ref = useRef<HTMLDivElement>(null);
  const synthetic = useSyntheticData().inUse;
  const { bins, below, above } = iqm.histogram;
  const { scans, flagged } = useMemo(() => {
    const all: number[] = [];
    const out: number[] = [];
    values.forEach((value, s) => {
      if (!Number.isFinite(value)) return;
      all.push(value);
      if (iqm.standing.flags[s]! > 0) out.push(value);
    });
    return { scans: all, flagged: out };
  }, [values, iqm]);
  useEffect(() => {
    const n = Math.max(1, iqm.standing.crowd.n);
    const crowd = bins.map((b) => ({ ...b, count: (b.count / n) * 100 }));
    const chart = Plot.plot({
      width: 330,
      height: 170,
      marginLeft: 40,
      marginBottom: 34,
      style: { fontSize: '11px', background: 'transparent' },
      x: { label: iqm.iqm, domain: [bins[0]!.x0, bins[bins.length - 1]!.x1], nice: false },
      y: { label: '% of records / scans', grid: true },
      marks: [
        Plot.rectY(crowd, { x1: 'x0', x2: 'x1', y: 'count', fill: CROWD, inset: 0.5 }),
        Plot.rectY(userShares(scans, bins), {
          x1: 'x0',
          x2: 'x1',
          y: 'count',
          fill: SCAN,
          fillOpacity: 0.18,
          stroke: SCAN,
          strokeWidth: 1.5,
        }),
        Plot.ruleY([0]),
        Plot.dot(flagged, {
          x: (d: number) => d,
          y: 0,
          symbol: 'triangle',
          r: 4,
          fill: FLAGGED,
          stroke: 'white',
          strokeWidth: 0.5,
        }),
      ],
    });
    // The wrapper's label (role img) speaks for the drawing: Plot's labelled <g> marks stay
    // unannounced (aria-label is not allowed on them there).
    chart.setAttribute('aria-hidden', 'true');
    // The crowd drawn is synthetic: the picture itself says so.
    if (synthetic) markDrawing(chart, SYNTHETIC_MARK);
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [iqm, bins, scans, flagged, synthetic]);
  const direction = iqmInfo(modality, iqm.iqm)?.direction ?? 'neither';
  const outside = below + above;
  return (
    <figure className="compare-chart">
      <div
        ref={ref}
        role="img"
        aria-label={`${iqm.iqm}: histogram of ${iqm.standing.crowd.n.toLocaleString('en-US')} crowd values with the histogram of your ${scans.length} scans over it; ${flagged.length} flagged`}
      />
      <figcaption>
        <strong>{iqm.iqm}</strong> · {BETTER[direction]} · crowd n ={' '}
        {iqm.standing.crowd.n.toLocaleString('en-US')} · your scans: {scans.length}
        {flagged.length > 0 ? `, ${flagged.length} flagged` : ''}
        {outside > 0
          ? ` · ${outside.toLocaleString('en-US')} crowd values lie beyond the range drawn`
          : ''}
      </figcaption>
    </figure>
  );
}

/** Small multiples for the IQMs shown in the table. */
export function OverlayCharts(props: {
  comparison: Comparison;
  modality: Modality;
  shown: readonly string[];
}) {
  const { comparison, modality, shown } = props;
  const values = new Map(comparison.file.iqms.map((iqm, i) => [iqm, comparison.file.values[i]!]));
  const charts = shown.flatMap((name) => {
    const iqm = comparison.iqms.find((c) => c.iqm === name);
    const v = values.get(name);
    return iqm && v && iqm.histogram.bins.length > 0 ? [{ iqm, v }] : [];
  });
  return (
    <section className="compare-charts" aria-label="Your scans over the crowd distributions">
      <h3>Your scans over the crowd's distributions</h3>
      <p className="hint">
        <span className="compare-key compare-key-crowd" aria-hidden="true" /> the crowd chosen above
        (grey bars) · <span className="compare-key compare-key-scan" aria-hidden="true" /> your
        scans (orange outline) ·{' '}
        <span className="compare-flag-glyph" aria-hidden="true">
          ▲
        </span>{' '}
        your flagged scans (dark triangles). Heights are shares, so a study of 100 scans and a crowd
        of 100,000 records share one scale.
      </p>
      <div className="compare-chart-grid">
        {charts.map(({ iqm, v }) => (
          <OverlayChart key={iqm.iqm} iqm={iqm} values={v} modality={modality} />
        ))}
      </div>
    </section>
  );
}
