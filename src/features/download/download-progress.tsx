import type { DownloadProgress } from '../../download/protocol.ts';
import { formatCount, formatEta, formatRate } from './format.ts';

interface ProgressViewProps {
  fetched: number;
  /** null while unknown (before the server's first answer). */
  total: number | null;
  /** Live figures of a run; absent for a dataset read back from the browser. */
  live: DownloadProgress | null;
  running: boolean;
}

/**
 * The bar and the count, in RECORDS (aria-valuenow / aria-valuemax), and a run's figures. The
 * count line is not a live region: at 4 updates a second it would drown a screen reader; the
 * outcome message announces the end instead.
 */
export function DownloadProgressView({ fetched, total, live, running }: ProgressViewProps) {
  const max = total === null ? null : Math.max(total, fetched);
  const share = max ? Math.min(1, fetched / max) : max === 0 ? 1 : 0;
  const count =
    max === null
      ? `${formatCount(fetched)} records`
      : `${formatCount(fetched)} of ${formatCount(max)} records`;
  return (
    <div className="download-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Download progress"
        aria-valuemin={0}
        aria-valuemax={max ?? undefined}
        aria-valuenow={max === null ? undefined : fetched}
        aria-valuetext={count}
      >
        <div className="progress-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <p
        className="download-count"
        role="status"
        aria-live="off"
        aria-label="Download status"
        data-fetched={fetched}
        data-total={max ?? undefined}
      >
        {count}
        {max ? <span className="muted"> ({Math.floor(share * 100)}%)</span> : null}
      </p>
      {live && <RunFigures live={live} running={running} />}
    </div>
  );
}

function RunFigures({ live, running }: { live: DownloadProgress; running: boolean }) {
  const pages =
    live.pagesTotal > 0
      ? `${formatCount(live.pages)} of ${formatCount(live.pagesTotal)}`
      : formatCount(live.pages);
  return (
    <dl className="download-figures">
      <div>
        <dt>Pages</dt>
        <dd>{pages}</dd>
      </div>
      <div>
        <dt>Speed</dt>
        <dd>{running ? formatRate(live.rate) : '—'}</dd>
      </div>
      <div>
        <dt>Time left</dt>
        <dd>{running ? formatEta(live.etaS) : '—'}</dd>
      </div>
      <div>
        <dt>Retried requests</dt>
        <dd>{formatCount(live.retries)}</dd>
      </div>
      <div>
        <dt>In flight now</dt>
        <dd>
          {running ? live.inFlight : 0}
          <span className="muted"> (limit {live.concurrency})</span>
        </dd>
      </div>
    </dl>
  );
}
