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
  return (
    <div className="download-message download-error database-notice" role="alert">
      <p className="error-title">The datasets saved in this browser are gone</p>
      <p>
        The browser deleted this site's database. Chromium does this after a write fails because the
        disk is full; the records saved before were lost with it, not deleted by you.
      </p>
      <p className="muted">Free disk space on this computer, then download what you need again.</p>
      <button type="button" className="secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
