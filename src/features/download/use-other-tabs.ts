import { useEffect, useSyncExternalStore } from 'react';
import {
  createTabPresence,
  type OtherRun,
  type PresenceEvent,
  TAB_CHANNEL_NAME,
  type TabPresence,
} from '../../download/tab-channel.ts';
import { browserLocks } from '../../store/dataset-lock.ts';

let presence: TabPresence | null | undefined;

/** This tab's one presence on the channel; null where the browser has no BroadcastChannel. */
export function tabPresence(): TabPresence | null {
  if (presence === undefined) {
    presence =
      typeof BroadcastChannel === 'undefined'
        ? null
        : createTabPresence({
            channel: new BroadcastChannel(TAB_CHANNEL_NAME),
            locks: browserLocks(),
          });
  }
  return presence;
}

const NONE: ReadonlyMap<string, OtherRun> = new Map();
const subscribe = (onChange: () => void) => tabPresence()?.subscribe(onChange) ?? (() => {});
const snapshot = () => tabPresence()?.others() ?? NONE;

/**
 * Downloads other tabs of this browser are running, by dataset key; `onEvent` hears when one of
 * them ends or deletes a dataset (what this tab shows of it is then stale).
 */
export function useOtherTabs(
  onEvent?: (event: Exclude<PresenceEvent, { type: 'changed' }>) => void,
) {
  const others = useSyncExternalStore(subscribe, snapshot);
  useEffect(() => {
    if (!onEvent) return;
    return tabPresence()?.subscribe((event) => {
      if (event.type !== 'changed') onEvent(event);
    });
  }, [onEvent]);
  return others;
}
