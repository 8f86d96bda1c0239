import { DownloadMessage } from './download-message.tsx';
import { DownloadProgressView } from './download-progress.tsx';
import { StorageLine } from './storage-line.tsx';
import type { DownloadHandle } from './use-download.ts';

/**
 * The download of the current query: progress, Pause / Resume / Refresh, and storage.
 * `compact` (the query form is folded, its records on show): a complete dataset at rest shows
 * as a few short lines — the bar, the count and figures, Refresh, the storage — so the views
 * fit above it.
 */
export function DownloadPanel({
  download,
  compact = false,
}: {
  download: DownloadHandle;
  compact?: boolean;
}) {
  const { run, saved, elsewhere, storage, otherTab } = download;
  const status = run?.status ?? 'idle';
  const running = status === 'running' || status === 'pausing' || status === 'cancelling';
  // Another tab's run of this query: shown here, from what that tab says on the channel.
  const live = run?.progress ?? otherTab?.progress ?? null;
  const fetched = live?.fetched ?? (running ? 0 : (saved?.stored ?? run?.outcome?.stored ?? 0));
  const check = running ? null : (run?.outcome?.check ?? saved?.completeness ?? null);
  // A server whose answers don't add up has no total worth showing: only what is stored.
  const total =
    check?.type === 'inconsistent'
      ? null
      : (live?.total ?? (running ? null : (saved?.total ?? run?.outcome?.total ?? null)));
  const showProgress =
    running || run !== null || !!otherTab || (saved !== null && saved !== undefined);
  const idle = !running && !download.active && !otherTab;
  const canResume = idle && !!saved?.resumable;
  const canRefresh = idle && !!saved?.complete && !saved.resumable;
  const small = compact && canRefresh && status !== 'failed';

  return (
    <section
      className={small ? 'download-panel download-panel-compact' : 'download-panel'}
      aria-labelledby="download-title"
      data-status={otherTab ? 'other-tab' : status}
    >
      <h2 id="download-title">Saved in this browser</h2>
      {elsewhere ? (
        <p className="muted">
          Another query is downloading; it must finish or be paused before this one starts.
        </p>
      ) : null}
      {showProgress ? (
        <DownloadProgressView
          fetched={fetched}
          total={total}
          live={live}
          running={running || !!otherTab}
          refresh={(run?.mode ?? otherTab?.mode) === 'refresh'}
        />
      ) : null}
      <DownloadMessage run={run} saved={saved} otherTab={otherTab} />
      <div className="download-actions">
        {/* Both act at once (requests in flight are aborted): neither waits on a slow server. */}
        {status === 'running' ? (
          <button type="button" className="secondary" onClick={download.pause}>
            Pause
          </button>
        ) : null}
        {status === 'running' || status === 'pausing' ? (
          <button type="button" className="secondary" onClick={download.cancel}>
            Cancel
          </button>
        ) : null}
        {canResume ? (
          <button type="button" className="primary" onClick={download.resume}>
            Resume
          </button>
        ) : null}
        {canRefresh ? (
          <button type="button" className="secondary" onClick={() => download.refresh()}>
            Refresh
          </button>
        ) : null}
        <div className="field field-inline" hidden={small}>
          <label htmlFor="concurrency">Requests in flight</label>
          <select
            id="concurrency"
            value={download.concurrency}
            aria-describedby="concurrency-hint"
            onChange={(event) => download.setConcurrency(Number(event.target.value))}
          >
            {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <span id="concurrency-hint" className="muted">
            at most; fewer when the server is busy
          </span>
        </div>
      </div>
      <StorageLine
        storage={storage}
        remaining={
          running || otherTab || saved?.resumable ? Math.max(0, (total ?? 0) - fetched) : 0
        }
      />
    </section>
  );
}
