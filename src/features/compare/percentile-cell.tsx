import { describeFlags } from '../../compare/comparison.ts';
import { formatPercentile, markOf, type TestedSide, verdictOf } from '../../compare/scan-stats.ts';
import type { Direction } from '../../data/iqm-catalog.ts';

const WORDS = {
  good: 'better than 90% of the crowd',
  poor: 'worse than 90% of the crowd',
  typical: '',
  neutral: '',
  missing: 'no value',
} as const;

/**
 * One scan's percentile on one IQM. Colour says good or poor, and so do a mark (✓ ✗ ⚑) and
 * hidden words, so the cell reads the same without colour and to a screen reader.
 */
export function PercentileCell(props: {
  iqm: string;
  value: number;
  percentile: number;
  z: number;
  flags: number;
  direction: Direction;
  tested: TestedSide;
  /** Whether z is on the log scale. */
  log: boolean;
}) {
  const { iqm, value, percentile, z, flags, direction, tested, log } = props;
  const verdict = verdictOf(percentile, direction);
  // A flag replaces ✗ (both say worse; the flag says more) and never sits beside ✓.
  const mark = markOf(percentile, direction, flags);
  const words = [
    flags ? '' : WORDS[verdict],
    flags ? `flagged: ${describeFlags(flags, tested)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const zText = Number.isNaN(z) ? '—' : z === Number.NEGATIVE_INFINITY ? '−∞' : z.toFixed(2);
  const title = Number.isNaN(percentile)
    ? `${iqm}: no value`
    : `${iqm} = ${value.toPrecision(4)}: percentile ${percentile.toFixed(1)}, robust z ${zText}${
        log ? ' (log scale)' : ''
      }${words ? ` (${words})` : ''}`;
  return (
    <td
      className={`compare-pct compare-${verdict}${flags ? ' compare-flagged' : ''}`}
      title={title}
    >
      <span className="compare-pct-number">{formatPercentile(percentile)}</span>
      {mark ? (
        <span className="compare-mark" aria-hidden="true">
          {mark}
        </span>
      ) : null}
      {words ? <span className="visually-hidden">{`, ${words}`}</span> : null}
    </td>
  );
}
