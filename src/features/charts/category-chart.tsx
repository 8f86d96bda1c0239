import { barX, ruleX, text } from '@observablehq/plot';
import { useMemo } from 'react';
import type { Category } from '../../frame/categories.ts';
import { formatCount, type GroupBy, groupLabel } from './chart-text.ts';
import { BAR_COLOR } from './distribution-chart.tsx';
import { PlotFigure, type PlotOptions } from './plot-figure.tsx';

/** Records per manufacturer / field strength / MRIQC version, as horizontal bars. */
export function CategoryChart(props: {
  title: string;
  /** For the download buttons and files: "manufacturer". */
  name: string;
  by: Exclude<GroupBy, 'none'>;
  /** The field, for the note ("bids_meta.Manufacturer"). */
  column: string;
  categories: readonly Category[];
}) {
  const { title, by, column, categories } = props;
  const data = useMemo(
    () => categories.map((c) => ({ label: groupLabel(by, c), count: c.count })),
    [categories, by],
  );
  const options = useMemo(() => {
    if (data.length === 0) return null;
    const longest = Math.max(...data.map((d) => d.label.length));
    return (): PlotOptions => ({
      height: 56 + 26 * data.length,
      marginBottom: 46,
      marginLeft: Math.min(200, 16 + 7.5 * longest),
      marginRight: 56,
      x: { label: 'Records', grid: true, nice: true, labelOffset: 40 },
      y: { label: null, domain: data.map((d) => d.label) },
      marks: [
        barX(data, { y: 'label', x: 'count', fill: BAR_COLOR }),
        text(data, {
          y: 'label',
          x: 'count',
          text: (d: { count: number }) => formatCount(d.count),
          textAnchor: 'start',
          dx: 4,
        }),
        ruleX([0]),
      ],
    });
  }, [data]);
  const summary =
    data.length === 0
      ? `${title}: no records in this view.`
      : `${title}: ${data.map((d) => `${d.label} ${formatCount(d.count)}`).join('; ')}.`;
  return (
    <PlotFigure
      title={title}
      name={props.name}
      note={`bars by ${column}, the most frequent values and the rest as “Other”`}
      summary={summary}
      options={options}
    >
      <p>
        Field <code>{column}</code>; the most frequent values, the rest together as “Other”.
      </p>
    </PlotFigure>
  );
}
