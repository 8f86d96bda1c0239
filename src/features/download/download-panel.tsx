import { DownloadMessage } from './download-message.tsx';
import { DownloadProgressView } from './download-progress.tsx';
import { formatBytes } from './format.ts';
import type { DownloadHandle } from './use-download.ts';

/** The download of the current query: progress, Pause / Resume / Refresh, and storage. */
export function DownloadPanel({ download }: { download: DownloadHandle }) {
  const { run, saved, elsewhere, storage } = download;
  const status = run?.status ?? 'idle';
  const running = status === 'running' || status === 'pausing' || status === 'cancelling';
  const fetched =
    run?.progress?.fetched ?? (running ? 0 : (saved?.stored ?? run?.outcome?.stored ?? 0));
  const total =
    run?.progress?.total ?? (running ? null : (saved?.total ?? run?.outcome?.total ?? null));
  const showProgress = running || run !== null || (saved !== null && saved !== undefined);
  const canResume = !running && !download.active && !!saved?.resumable;
  const canRefresh = !running && !download.active && !!saved?.complete && !saved.resumable;

  return (
    <section className="download-panel" aria-labelledby="download-title" data-status={status}>
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
          live={run?.progress ?? null}
          running={running}
          refresh={run?.mode === 'refresh'}
        />
      ) : null}
      <DownloadMessage run={run} saved={saved} />
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
        <div className="field field-inline">
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
      {storage ? (
        <p className="storage-line muted">
          Browser storage: {formatBytes(storage.usage)} used of {formatBytes(storage.quota)}{' '}
          available
          {storage.persisted === true ? ' (kept until you delete it)' : ''}
          {storage.persisted === false ? ' (the browser may clear it when space runs low)' : ''}.
        </p>
      ) : null}
    </section>
  );
}
