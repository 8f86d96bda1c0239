import { datasetLabel } from '../lib/dataset-label.ts';
import type { DatabaseHealth } from '../store/database-health.ts';

/**
 * Says plainly when the browser's database is gone or cannot be opened, instead of an empty
 * app: the page would otherwise look as if nothing had ever been saved.
 */
export function DatabaseNotice({
  health,
  onDismiss,
}: {
  health: DatabaseHealth;
  onDismiss: () => void;
}) {
  if (health.type === 'ok') return null;
  if (health.type === 'unavailable') {
    return (
      <div className="download-message download-error database-notice" role="alert">
        <p className="error-title">The browser could not open its database for this site</p>
        <p>
          Saved datasets can't be read or saved. The disk may be full, or the browser's site
          settings block storage. Free disk space (or allow storage for this site), then reload the
          page.
        </p>
        <p className="technical">{health.message}</p>
      </div>
    );
  }
  const { whole, datasets } = health;
  const one = datasets.length === 1;
  const title = whole
    ? 'The datasets saved in this browser are gone'
    : one
      ? 'A dataset saved in this browser is gone'
      : `${datasets.length} datasets saved in this browser are gone`;
  return (
    <div className="download-message download-error database-notice" role="alert">
      <p className="error-title">{title}</p>
      <p>
        {whole
          ? "The browser deleted this site's database. "
          : `The browser kept the other datasets but not ${one ? 'this one' : 'these'}. `}
        Chromium does this after a write fails because the disk is full; the records were lost with
        it, not deleted by you.
      </p>
      {datasets.length > 0 && (
        <ul className="lost-datasets">
          {datasets.map((d) => (
            <li key={d.key}>
              {datasetLabel({ ...d.query, modality: d.modality })} —{' '}
              {d.stored.toLocaleString('en-US')} {d.stored === 1 ? 'record' : 'records'}
              {d.complete ? '' : ' (unfinished download)'}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Free disk space on this computer, then download what you need again.</p>
      <button type="button" className="secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
