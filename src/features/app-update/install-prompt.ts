/**
 * "Install app" where the browser offers it: Chromium-based browsers fire
 * `beforeinstallprompt` when the site is installable; keeping the event lets a button show the
 * browser's own install dialog later. Others (Firefox, Safari) never fire it and the button
 * stays hidden (Safari: Share → Add to Dock / Home Screen).
 */

/** Chromium's event (not in the DOM typings). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offer: BeforeInstallPromptEvent | null = null;
const listeners = new Set<() => void>();

function set(next: BeforeInstallPromptEvent | null): void {
  offer = next;
  for (const listener of listeners) listener();
}

// Listening from the first import: the event can fire before React has rendered anything.
if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    set(event as BeforeInstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => set(null));
}

export function subscribeInstall(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function canInstall(): boolean {
  return offer !== null;
}

/** Shows the browser's install dialog; an offer can be used once. */
export async function promptInstall(): Promise<void> {
  const event = offer;
  if (!event) return;
  set(null);
  await event.prompt();
  await event.userChoice.catch(() => null);
}
