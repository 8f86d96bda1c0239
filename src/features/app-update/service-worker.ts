import { registerSW } from 'virtual:pwa-register';
import {
  nextUpdateState,
  onControlling,
  type UpdateEvent,
  type UpdateState,
} from './update-state.ts';

/**
 * The app's one service worker registration (vite-plugin-pwa's, over workbox-window), kept as a
 * small external store for React. Under `vite` dev and in unit tests `registerSW` does nothing.
 */

/** A tab left open checks for a new build this often, and when it is shown again after a while. */
const CHECK_EVERY_MS = 60 * 60 * 1000;
const RECHECK_AFTER_MS = 10 * 60 * 1000;

export interface WorkerStatus {
  readonly update: UpdateState;
  /** This build was just saved for offline use (the first install finished), until dismissed. */
  readonly offlineReady: boolean;
}

let status: WorkerStatus = { update: { type: 'idle' }, offlineReady: false };
const listeners = new Set<() => void>();
let applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;

function set(next: Partial<WorkerStatus>): void {
  status = { ...status, ...next };
  for (const listener of listeners) listener();
}

function dispatch(event: UpdateEvent): void {
  const update = nextUpdateState(status.update, event);
  if (update !== status.update) set({ update });
}

export function subscribeWorker(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function readWorker(): WorkerStatus {
  return status;
}

/** Registers the worker once (idempotent; React may run effects twice). */
export function startServiceWorker(): void {
  if (applyUpdate || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  applyUpdate = registerSW({
    onNeedRefresh: () => dispatch({ type: 'waiting' }),
    onOfflineReady: () => set({ offlineReady: true }),
    // The new worker controls this tab now (workbox-window's 'controlling').
    onNeedReload: () => {
      const action = onControlling(status.update);
      dispatch({ type: 'controlling' });
      if (action === 'reload') window.location.reload();
    },
    onRegisteredSW: (_url, registration) => {
      if (registration) watchForUpdates(registration);
    },
    onRegisterError: (error) => console.warn('Service worker not registered:', error),
  });
}

/** The user accepted the new build: the waiting worker takes over, then this tab reloads. */
export function acceptUpdate(): void {
  const before = status.update.type;
  dispatch({ type: 'accept' });
  // Another tab already switched workers: only this page is old, a reload brings the new one.
  if (before === 'elsewhere') window.location.reload();
  else void applyUpdate?.();
}

export function dismissUpdate(): void {
  dispatch({ type: 'dismiss' });
}

export function dismissOfflineReady(): void {
  set({ offlineReady: false });
}

function watchForUpdates(registration: ServiceWorkerRegistration): void {
  let checkedAt = Date.now();
  const check = () => {
    if (!navigator.onLine || registration.installing) return;
    checkedAt = Date.now();
    registration.update().catch(() => {
      // Offline or the site is down: the next check tries again.
    });
  };
  setInterval(check, CHECK_EVERY_MS);
  window.addEventListener('online', check);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && Date.now() - checkedAt > RECHECK_AFTER_MS)
      check();
  });
}
