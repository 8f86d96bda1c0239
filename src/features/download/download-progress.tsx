import type { DownloadProgress } from '../../download/protocol.ts';
import { formatCount, formatEta, formatRate } from './format.ts';

interface ProgressViewProps {
  fetched: number;
  /** null while unknown (before the server's first answer). */
  total: number | null;
  /** Live figures of a run; absent for a dataset read back from the browser. */
  live: DownloadProgress | null;
  running: boolean;
  /** A refresh run: its page count has no known end. */
  refresh?: boolean;
}

/**
 * The bar and the count, in RECORDS (aria-valuenow / aria-valuemax), and a run's figures. The
 * count line is not a live region: at 4 updates a second it would drown a screen reader; the
 * outcome message announces the end instead.
 */
export function DownloadProgressView({
  fetched,
  total,
  live,
  running,
  refresh = false,
}: ProgressViewProps) {
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
      {live && <RunFigures live={live} running={running} refresh={refresh} />}
    </div>
  );
}

function RunFigures({
  live,
  running,
  refresh,
}: {
  live: DownloadProgress;
  running: boolean;
  refresh: boolean;
}) {
  // A refresh cannot know how many pages of new uploads exist until it has read them.
  const pages =
    live.pagesTotal > 0 && !refresh
      ? `${formatCount(live.pages)} of ${formatCount(live.pagesTotal)}`
      : formatCount(live.pages);
  const figures: Array<[string, string]> = [['Pages', pages]];
  if (running) {
    figures.push(['Speed', formatRate(live.rate)], ['Time left', formatEta(live.etaS)]);
  }
  figures.push(['Retried requests', formatCount(live.retries)]);
  if (running) figures.push(['In flight now', `${live.inFlight} (limit ${live.concurrency})`]);
  return (
    <dl className="download-figures">
      {figures.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
