import { checkSentence } from '../../components/completeness-text.ts';
import type { SerializedError } from '../../download/protocol.ts';
import type { OtherRun } from '../../download/tab-channel.ts';
import { describeDownloadError } from './error-text.ts';
import { records } from './format.ts';
import type { SavedDataset } from './saved-dataset.ts';
import type { RunState } from './use-download.ts';

interface MessageProps {
  run: RunState | null;
  saved: SavedDataset | null | undefined;
  /** Another tab's run of this query, if one is going. */
  otherTab?: OtherRun | null;
}

/** One sentence on where the download stands; errors say what happened and what to do. */
export function DownloadMessage({ run, saved, otherTab }: MessageProps) {
  if (otherTab) {
    return (
      <div className="download-message" role="status" aria-label="Download result">
        <p>
          <strong>Downloading in another tab</strong> of this browser; its progress shows here.
          Pause it there to continue it in this tab.
        </p>
      </div>
    );
  }
  if (run?.status === 'failed' && run.error) {
    return (
      <div className="download-message download-error" role="alert">
        <ErrorText error={run.error} kept={saved?.resumable ? saved.stored : null} />
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
  if (status === 'running' && run?.progress?.phase === 'check') {
    return <p>Checking the saved records against the server's count…</p>;
  }
  if (status === 'running' && run?.mode === 'refresh') return <p>Looking for new records…</p>;
  if (status === 'running' && !run?.progress) {
    return <p>Asking the server how many records match…</p>;
  }
  if (status === 'running') return <p>Downloading…</p>;
  if (status === 'pausing') return <p>Pausing: stopping the requests in flight…</p>;
  if (status === 'cancelling') return <p>Cancelling: stopping the requests in flight…</p>;
  if (status === 'cancelled') {
    const kept = saved?.stored ?? run?.outcome?.stored ?? 0;
    return (
      <p>
        Download cancelled.{' '}
        {kept > 0
          ? `The ${records(kept)} already saved in this browser are kept; Download starts again and adds what is missing.`
          : 'Nothing had been saved yet.'}
      </p>
    );
  }
  if (status === 'done' && run?.outcome) {
    const { added, stored, grew, mended, check } = run.outcome;
    const problem = check ? checkSentence(check, stored) : null;
    if (problem) return <p>{problem}</p>;
    if (mended > 0) {
      return (
        <p>
          <strong>Fetched {records(mended)} that were missing</strong>
          {grew > 0 ? ` and ${records(grew).replace(/records?$/, (w) => `new ${w}`)}` : ''}: the
          saved dataset matches the server's count again ({records(stored)} in all).
        </p>
      );
    }
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
        <strong>Downloaded {records(stored)}</strong>, saved in this browser; the server's count
        agrees. Refresh fetches only records uploaded since.
        {grew > 0
          ? ` The total grew by ${records(grew)} during the download (new uploads); they are included.`
          : ''}
      </p>
    );
  }
  const problem = saved?.completeness ? checkSentence(saved.completeness, saved.stored) : null;
  if (problem) return <p>{problem}</p>;
  if (saved?.resumable) {
    return (
      <p>
        {status === 'paused' ? 'Paused. ' : 'An unfinished download of this query is saved. '}
        Press Resume to fetch the rest.
      </p>
    );
  }
  if (status === 'paused' && run?.outcome?.total === null) {
    return <p>Paused before the server answered: press Download to start.</p>;
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

function ErrorText({ error, kept }: { error: SerializedError; kept: number | null }) {
  const { title, detail, hint, technical } = describeDownloadError(
    error,
    kept !== null,
    navigator.onLine,
  );
  return (
    <>
      <p className="error-title">{title}</p>
      <p>{detail}</p>
      {kept !== null ? <p>{records(kept)} saved in this browser are kept.</p> : null}
      <p className="muted">{hint}</p>
      {technical ? (
        <details>
          <summary>Technical details</summary>
          <p className="technical">{technical}</p>
        </details>
      ) : null}
    </>
  );
}
