import { useSyncExternalStore } from 'react';
import { canInstall, promptInstall, subscribeInstall } from './install-prompt.ts';

/** "Install app", shown only where the browser offers installation. */
export function InstallButton() {
  const offered = useSyncExternalStore(subscribeInstall, canInstall, () => false);
  if (!offered) return null;
  return (
    <button type="button" className="secondary install-button" onClick={() => void promptInstall()}>
      Install app
    </button>
  );
}
