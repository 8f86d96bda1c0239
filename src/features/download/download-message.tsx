import type { SerializedError } from '../../download/protocol.ts';
import { records } from './format.ts';
import type { SavedDataset } from './saved-dataset.ts';
import type { RunState } from './use-download.ts';

interface MessageProps {
  run: RunState | null;
  saved: SavedDataset | null | undefined;
}

/** One sentence on where the download stands; errors say what happened and what to do. */
export function DownloadMessage({ run, saved }: MessageProps) {
  if (run?.status === 'failed' && run.error) {
    return (
      <div className="download-message download-error" role="alert">
        <ErrorText error={run.error} />
        {saved?.resumable ? (
          <p className="muted">
            {records(saved.stored)} are saved and kept. Press Resume to continue from there.
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="download-message" role="status" aria-label="Download result">
      <MessageText run={run} saved={saved} />
    </div>
  );
}

function MessageText({ run, saved }: MessageProps) {
  const status = run?.status;
  if (status === 'running' && run?.progress?.phase === 'tail' && run.mode === 'download') {
    return <p>The total grew during the download (new uploads): fetching the new records too.</p>;
  }
  if (status === 'running') {
    return <p>{run?.mode === 'refresh' ? 'Looking for new records…' : 'Downloading…'}</p>;
  }
  if (status === 'pausing') return <p>Pausing: letting the requests in flight finish…</p>;
  if (status === 'done' && run?.outcome) {
    const { added, stored, grew } = run.outcome;
    if (run.mode === 'refresh') {
      return (
        <p>
          <strong>{records(added).replace(/records?$/, (w) => `new ${w}`)}</strong>
          {added === 0 ? ': the saved dataset is up to date' : ' saved'} ({records(stored)} in all).
        </p>
      );
    }
    return (
      <p>
        <strong>Downloaded {records(stored)}</strong>, saved in this browser.
        {grew > 0
          ? ` The total grew by ${records(grew)} during the download (new uploads); they are included.`
          : ''}
      </p>
    );
  }
  if (saved?.resumable) {
    return (
      <p>
        {status === 'paused' ? 'Paused. ' : 'An unfinished download of this query is saved. '}
        Press Resume to fetch the rest.
      </p>
    );
  }
  if (saved?.complete) {
    return (
      <p>
        Downloaded {records(saved.stored)} earlier, saved in this browser. Refresh fetches only new
        uploads.
      </p>
    );
  }
  return <p className="muted">Press Download to save every matching record in this browser.</p>;
}

function ErrorText({ error }: { error: SerializedError }) {
  if (error.name === 'StoreQuotaError') {
    return (
      <>
        <p className="error-title">Browser storage is full</p>
        <p>{error.message}</p>
      </>
    );
  }
  const refused = /HTTP 4\d\d/.test(error.message) && !/HTTP 429/.test(error.message);
  return (
    <>
      <p className="error-title">
        {refused ? 'The server refused this query' : 'The download stopped'}
      </p>
      <p>{error.message}</p>
      {refused ? (
        <p className="muted">Change the query (often the field filter), then press Download.</p>
      ) : null}
    </>
  );
}
