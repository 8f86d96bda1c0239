import type { IqmComparison } from '../../compare/comparison.ts';
import { SYNTHETIC_MARK } from '../../components/synthetic-data.tsx';
import { crowdLines, formatValue } from './scan-facts.ts';
import { stripLayout } from './scan-strip-layout.ts';

const WIDTH = 320;
/** Room left and right, so a triangle on the range's edge is drawn whole. */
const PAD = 6;
/** Room above the bars for the synthetic mark. */
const TOP = 14;
const BARS = 34;
const HEIGHT = TOP + BARS + 18;

const CROWD = '#a9b8c8';
const SCAN = '#d9661f';
const FLAGGED = '#8f1d14';
const MEDIAN = '#2f3b4a';

/** The flag cut-offs in words, for the strip's label. */
function cutoffs({ low, high }: { low: number; high: number }): string {
  const parts = [
    Number.isFinite(low) ? `below ${formatValue(low)}` : '',
    Number.isFinite(high) ? `above ${formatValue(high)}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `; flagged ${parts.join(' or ')}` : '';
}

/**
 * One IQM's crowd as a strip: its histogram (the worker's ~40 bins, not the crowd's values),
 * where flags begin (dashed) and its median (solid), and this scan's value (orange, dark
 * red when flagged). Drawn as React SVG: a page has ~60 of them, Plot for each would be slow.
 */
export function ScanStrip(props: {
  iqm: IqmComparison;
  value: number;
  flagged: boolean;
  synthetic: boolean;
}) {
  const { iqm, value, flagged, synthetic } = props;
  const { crowd } = iqm.standing;
  const inner = WIDTH - 2 * PAD;
  const lines = crowdLines(iqm.standing);
  const layout = stripLayout(iqm.histogram, lines, value, inner, BARS);
  const base = TOP + BARS;
  const colour = flagged ? FLAGGED : SCAN;
  const label =
    `${iqm.iqm}: this scan ${formatValue(value)} against ${crowd.n.toLocaleString('en-US')} crowd values` +
    ` (median ${formatValue(lines.median)}${cutoffs(lines)})` +
    (synthetic ? `; ${SYNTHETIC_MARK.toLowerCase()}` : '');
  const line = (x: number | null, style: { stroke: string; dash?: string; width?: number }) =>
    x === null ? null : (
      <line
        x1={x}
        x2={x}
        y1={TOP}
        y2={base}
        stroke={style.stroke}
        strokeWidth={style.width ?? 1}
        strokeDasharray={style.dash}
      />
    );
  return (
    <svg
      className="scan-strip"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
    >
      <g transform={`translate(${PAD} 0)`}>
        {layout.bars.map((b) => (
          <rect
            key={b.x}
            x={b.x}
            y={base - b.height}
            width={Math.max(0, b.width - 0.5)}
            height={b.height}
            fill={CROWD}
          />
        ))}
        <line x1={0} x2={inner} y1={base} y2={base} stroke={MEDIAN} strokeWidth={0.5} />
        {line(layout.low, { stroke: MEDIAN, dash: '3 2' })}
        {line(layout.high, { stroke: MEDIAN, dash: '3 2' })}
        {line(layout.median, { stroke: MEDIAN, width: 1.5 })}
        {layout.value === null ? null : (
          <>
            <line
              x1={layout.value}
              x2={layout.value}
              y1={TOP - 2}
              y2={base}
              stroke={colour}
              strokeWidth={2.5}
            />
            <path
              d={`M${layout.value} ${base + 1} l-5 8 h10 z`}
              fill={colour}
              stroke="white"
              strokeWidth={0.5}
            />
          </>
        )}
        <text x={0} y={HEIGHT - 2} className="scan-strip-axis">
          {formatValue(layout.lo)}
        </text>
        <text x={inner} y={HEIGHT - 2} textAnchor="end" className="scan-strip-axis">
          {formatValue(layout.hi)}
        </text>
      </g>
      {synthetic ? (
        // As markDrawing writes it on the other compare charts: inside the picture.
        <text
          className="synthetic-svg-mark"
          x={WIDTH - 4}
          y={11}
          textAnchor="end"
          fontSize={11}
          fontWeight={700}
          fill="#5e3591"
        >
          {SYNTHETIC_MARK}
        </text>
      ) : null}
    </svg>
  );
}
