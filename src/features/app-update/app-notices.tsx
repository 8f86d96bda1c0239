import { useEffect, useSyncExternalStore } from 'react';
import {
  acceptUpdate,
  dismissOfflineReady,
  dismissUpdate,
  readWorker,
  startServiceWorker,
  subscribeWorker,
} from './service-worker.ts';
import type { UpdateState } from './update-state.ts';
import { useOnline } from './use-online.ts';
import './app-notices.css';

/**
 * The app's own notices: offline, a new build waiting (applied only on the user's word), and
 * "saved for offline use" after the first visit. `busy`: a download runs in this tab.
 */
export function AppNotices({ busy }: { busy: boolean }) {
  useEffect(() => startServiceWorker(), []);
  const { update, offlineReady } = useSyncExternalStore(subscribeWorker, readWorker, readWorker);
  const online = useOnline();
  return (
    <div className="app-notices">
      {online ? null : (
        <div className="app-notice app-notice-offline" role="status" aria-label="Offline">
          <p>
            <strong>You are offline.</strong> The datasets saved in this browser open as usual —
            table, charts, compare and export. Downloads, refreshes, match counts and source checks
            need the network.
          </p>
        </div>
      )}
      <UpdatePrompt state={update} busy={busy} />
      {offlineReady && update.type === 'idle' ? (
        <div className="app-notice" role="status" aria-label="Offline use">
          <p>This version of the app is now saved in this browser: it opens without a network.</p>
          <button type="button" className="link-button" onClick={dismissOfflineReady}>
            OK
          </button>
        </div>
      ) : null}
    </div>
  );
}

function UpdatePrompt({ state, busy }: { state: UpdateState; busy: boolean }) {
  if (state.type === 'idle') return null;
  if (state.type === 'applying') {
    return (
      <div className="app-notice app-notice-update" role="status" aria-label="Update available">
        <p>Updating: the page reloads in a moment…</p>
      </div>
    );
  }
  const reload = (label: string) => (
    <button type="button" className="primary app-notice-primary" onClick={acceptUpdate}>
      {label}
    </button>
  );
  if (state.type === 'elsewhere') {
    return (
      <div className="app-notice app-notice-update" role="status" aria-label="Update available">
        <p>
          <strong>CrowdMRI Explorer was updated in another tab.</strong> This tab still runs the
          previous version: reload it to use the new one.
          {busy
            ? ' Reloading stops the download running here; what it saved is kept, and Resume fetches the rest.'
            : ''}
        </p>
        {reload('Reload')}
      </div>
    );
  }
  if (state.type === 'later') {
    return (
      <div className="app-notice app-notice-update" role="status" aria-label="Update available">
        <p>A new version of the app is ready.</p>
        {reload('Reload to update')}
      </div>
    );
  }
  return (
    <div className="app-notice app-notice-update" role="status" aria-label="Update available">
      <p>
        <strong>Update available.</strong> A new version of CrowdMRI Explorer has been published.
        Reload to use it; the datasets saved in this browser are kept.
        {busy
          ? ' A download is running: reloading stops it; what it saved is kept, and Resume after the reload fetches the rest.'
          : ''}
      </p>
      <div className="app-notice-actions">
        {reload('Reload to update')}
        <button type="button" className="secondary" onClick={dismissUpdate}>
          Later
        </button>
      </div>
    </div>
  );
}
