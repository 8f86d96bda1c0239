import { useEffect, useMemo, useRef } from 'react';
import { type Comparison, formatChance } from '../../compare/comparison.ts';
import { formatPercentile, verdictOf } from '../../compare/scan-stats.ts';
import { SYNTHETIC_MARK, useSyntheticData } from '../../components/synthetic-data.tsx';
import { type Direction, iqmInfo } from '../../data/iqm-catalog.ts';
import { formatValue, formatZ, neighbours, type ScanIqm, scanIqms } from './scan-facts.ts';
import { ScanStrip } from './scan-strip.tsx';
import './scan-page.css';

type Modality = 'T1w' | 'T2w' | 'bold';

const DIRECTION: Record<Direction, string> = {
  'higher-better': 'Higher is better',
  'lower-better': 'Lower is better',
  neither: 'No better side',
};

const VERDICT = {
  good: '✓ better than 90% of the crowd',
  poor: '✗ worse than 90% of the crowd',
} as const;

function IqmItem(props: { fact: ScanIqm; modality: Modality; synthetic: boolean }) {
  const { fact, modality, synthetic } = props;
  const { iqm } = fact.comparison;
  const info = iqmInfo(modality, iqm);
  const direction = info?.direction ?? 'neither';
  const verdict = verdictOf(fact.percentile, direction);
  const unit = info?.unit ? ` ${info.unit}` : '';
  return (
    <li className={`scan-iqm${fact.flags ? ' scan-iqm-flagged' : ''}`} data-iqm={iqm}>
      <h5 className="scan-iqm-name">{iqm}</h5>
      <p className="scan-iqm-direction">{DIRECTION[direction]}</p>
      {info ? <p className="scan-iqm-meaning">{info.description}</p> : null}
      <dl className="scan-iqm-numbers">
        <div>
          <dt>Value</dt>
          <dd>
            {formatValue(fact.value)}
            {Number.isFinite(fact.value) ? unit : ''}
          </dd>
        </div>
        <div>
          <dt>Percentile</dt>
          <dd>{formatPercentile(fact.percentile)}</dd>
        </div>
        <div>
          <dt>Robust z{fact.comparison.standing.crowd.log ? ' (log scale)' : ''}</dt>
          <dd>{formatZ(fact.z)}</dd>
        </div>
      </dl>
      {fact.comparison.histogram.bins.length > 0 && fact.comparison.standing.crowd.n > 0 ? (
        <ScanStrip
          iqm={fact.comparison}
          value={fact.value}
          flagged={fact.flags > 0}
          synthetic={synthetic}
        />
      ) : (
        <p className="hint">The crowd has no values of {iqm}.</p>
      )}
      {fact.flags ? (
        <p className="scan-iqm-flag">
          <span aria-hidden="true">⚑ </span>Flagged: {fact.reason}
        </p>
      ) : verdict === 'good' || verdict === 'poor' ? (
        <p className={`scan-iqm-verdict compare-${verdict}`}>{VERDICT[verdict]}</p>
      ) : null}
      {fact.comparison.standing.tested === 'none' ? (
        <p className="hint">Never flagged: it describes the protocol, not its quality.</p>
      ) : null}
    </li>
  );
}

/**
 * One scan against the crowd: every compared IQM with its strip, percentile, robust z, meaning
 * and better direction, and every reason it is flagged, written out in full.
 */
export function ScanPage(props: {
  comparison: Comparison;
  modality: Modality;
  scan: number;
  /** The table's order, for previous and next. */
  order: Uint32Array;
  onBack: () => void;
  onStep: (scan: string) => void;
}) {
  const { comparison, modality, scan, order, onBack, onStep } = props;
  const synthetic = useSyntheticData().inUse;
  const name = comparison.file.scans[scan]!;
  const facts = useMemo(() => scanIqms(comparison, scan), [comparison, scan]);
  const flagged = facts.filter((f) => f.flags > 0);
  const { position, previous, next } = neighbours(order, scan);
  const title = useRef<HTMLHeadingElement>(null);
  // A new scan's page starts at its name, for the keyboard and the screen reader alike.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per scan shown
  useEffect(() => title.current?.focus(), [scan]);
  const stepTo = (s: number | null, label: string) =>
    s === null ? null : (
      <button type="button" className="secondary" onClick={() => onStep(comparison.file.scans[s]!)}>
        {label}: {comparison.file.scans[s]}
      </button>
    );
  return (
    <section className="scan-page" aria-labelledby="scan-page-title">
      <nav className="scan-nav" aria-label="Your scans">
        <button type="button" className="secondary" onClick={onBack}>
          <span aria-hidden="true">← </span>All scans
        </button>
        {position >= 0 ? (
          <span className="scan-position">
            Scan {position + 1} of {order.length} in the table's order
          </span>
        ) : null}
        {stepTo(previous, 'Previous')}
        {stepTo(next, 'Next')}
      </nav>
      <h3 id="scan-page-title" ref={title} tabIndex={-1}>
        {name}
      </h3>
      <p className="scan-summary">
        {flagged.length > 0
          ? `Flagged on ${flagged.length} of the ${comparison.testedCount[scan]} IQMs tested ` +
            `(${facts.length} compared); a scan drawn from the crowd gets as many or more by ` +
            `chance ${formatChance(comparison.chance[scan]!)} of the time.`
          : `None of the ${comparison.testedCount[scan]} IQMs tested (${facts.length} compared) is flagged.`}
        {synthetic ? (
          <>
            {' '}
            The crowd is <strong>{SYNTHETIC_MARK.toLowerCase()}</strong> from the local mirror, not
            real scans: these standings mean nothing for research.
          </>
        ) : null}
      </p>
      {flagged.length > 0 ? (
        <section className="scan-reasons" aria-labelledby="scan-reasons-title">
          <h4 id="scan-reasons-title">Why it is flagged</h4>
          <ul>
            {flagged.map((f) => (
              <li key={f.comparison.iqm} data-iqm={f.comparison.iqm}>
                <strong>{f.comparison.iqm}</strong> = {formatValue(f.value)}: {f.reason}{' '}
                <span className="scan-reason-numbers">
                  (percentile {formatPercentile(f.percentile)}, robust z {formatZ(f.z)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="scan-iqms-title">
        <h4 id="scan-iqms-title">Every IQM against the crowd</h4>
        <p className="hint">
          {`Grey bars: the crowd's values${synthetic ? ` (${SYNTHETIC_MARK.toLowerCase()})` : ''}; `}
          solid line: its median; dashed lines: where flags begin (its 1st and 99th percentiles);
          orange line and triangle: this scan (dark red when flagged). Each strip spans the crowd's
          0.5th to 99.5th percentiles, widened to take in every scan of your file.
        </p>
        <ul className="scan-iqms">
          {facts.map((f) => (
            <IqmItem key={f.comparison.iqm} fact={f} modality={modality} synthetic={synthetic} />
          ))}
        </ul>
      </section>
    </section>
  );
}
