import { describeFlags } from '../../compare/comparison.ts';
import { formatPercentile, verdictOf } from '../../compare/scan-stats.ts';
import type { Direction } from '../../data/iqm-catalog.ts';

const MARKS = { good: '✓', poor: '✗' } as const;
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
}) {
  const { iqm, value, percentile, z, flags, direction } = props;
  const verdict = verdictOf(percentile, direction);
  const mark = verdict === 'good' || verdict === 'poor' ? MARKS[verdict] : '';
  const words = [WORDS[verdict], flags ? `flagged: ${describeFlags(flags)}` : '']
    .filter(Boolean)
    .join('; ');
  const title = Number.isNaN(percentile)
    ? `${iqm}: no value`
    : `${iqm} = ${value.toPrecision(4)}: percentile ${percentile.toFixed(1)}, robust z ${
        Number.isNaN(z) ? '—' : z.toFixed(2)
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
      {flags ? (
        <span className="compare-mark" aria-hidden="true">
          ⚑
        </span>
      ) : null}
      {words ? <span className="visually-hidden">{`, ${words}`}</span> : null}
    </td>
  );
}
