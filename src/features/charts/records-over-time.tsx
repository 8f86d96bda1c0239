import { lineY, ruleY } from '@observablehq/plot';
import { useMemo } from 'react';
import type { CumulativeCounts } from '../../frame/cumulative.ts';
import type { DedupKey } from '../../frame/dedup.ts';
import type { RowsView } from '../../frame/view-spec.ts';
import { formatCount } from './chart-text.ts';
import { PlotFigure, type PlotOptions } from './plot-figure.tsx';

const ALL = 'All uploads';
const UNIQUE = 'Unique scans';
const COLORS = ['#1d5ea8', '#d95f02'];

interface Point {
  date: Date;
  count: number;
  series: string;
}

/** Each bucket's count drawn at the bucket's end (what was uploaded by then), from 0 before it. */
function toPoints(counts: CumulativeCounts, series: string, cumulative: Float64Array): Point[] {
  const { starts, bucket } = counts;
  if (starts.length === 0) return [];
  const points: Point[] = [{ date: new Date(starts[0]!), count: 0, series }];
  for (let i = 0; i < starts.length; i++) {
    const start = new Date(starts[i]!);
    const end =
      bucket === 'day'
        ? new Date(starts[i]! + 86_400_000)
        : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    points.push({ date: end, count: cumulative[i]!, series });
  }
  return points;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The paper's Fig. 3A: records in the database over time, all uploads against unique scans. */
export function RecordsOverTime(props: {
  counts: CumulativeCounts;
  modality: string;
  show: RowsView;
  dedup: DedupKey;
}) {
  const { counts, modality, show, dedup } = props;
  const n = counts.starts.length;
  const total = (n > 0 ? counts.total[n - 1]! : 0) + counts.undated;
  const unique = (n > 0 ? counts.unique[n - 1]! : 0) + counts.undatedUnique;
  const options = useMemo(() => {
    if (n === 0) return null;
    // In the unique view every row is kept: one line says it all.
    const series = show === 'unique' ? [UNIQUE] : [ALL, UNIQUE];
    const data = [
      ...(show === 'unique' ? [] : toPoints(counts, ALL, counts.total)),
      ...toPoints(counts, UNIQUE, counts.unique),
    ];
    return (): PlotOptions => ({
      height: 340,
      marginLeft: 76,
      // Room for the axis label under the year ticks (at 12 px they would touch).
      marginBottom: 46,
      x: { type: 'utc', label: 'Upload date (_created, UTC)', labelOffset: 40 },
      y: { label: 'Records (cumulative)', grid: true, nice: true },
      color: {
        legend: true,
        domain: series,
        range: show === 'unique' ? [COLORS[1]!] : COLORS,
      },
      marks: [ruleY([0]), lineY(data, { x: 'date', y: 'count', stroke: 'series', strokeWidth: 2 })],
    });
  }, [counts, n, show]);
  const byWhat = dedup === 'md5sum' ? 'md5sum' : 'md5sum and MRIQC version';
  const span =
    n > 0 ? ` between ${isoDay(counts.starts[0]!)} and ${isoDay(counts.starts[n - 1]!)}` : '';
  const summary =
    show === 'unique'
      ? `Records over time, ${modality}: ${formatCount(unique)} unique scans${span} (one per ${byWhat}).`
      : `Records over time, ${modality}: ${formatCount(total)} uploads in total and ${formatCount(unique)} unique scans (one per ${byWhat})${span}.`;
  return (
    <PlotFigure
      title={`Records over time — ${modality}`}
      name="records over time"
      note={`cumulative by upload date, per ${counts.bucket}${
        counts.undated > 0
          ? `; ${formatCount(counts.undated)} records without a date not in the lines`
          : ''
      }`}
      summary={summary}
      options={options}
    >
      <p>
        {show === 'unique' ? null : (
          <>
            <strong>{formatCount(total)}</strong> uploads in total,{' '}
          </>
        )}
        <strong>{formatCount(unique)}</strong> unique scans: cumulative count by upload date,
        counted per {counts.bucket}. A unique scan is one {byWhat}; the same image uploaded again
        counts once. Records without an md5sum count as unique.
      </p>
      {counts.undated > 0 ? (
        <p>
          {formatCount(counts.undated)} records have no readable upload date and are not in the
          lines (they are in the totals).
        </p>
      ) : null}
      {n === 0 ? <p>No record in this view has an upload date.</p> : null}
    </PlotFigure>
  );
}
