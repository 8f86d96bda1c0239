/**
 * Where this tab stands with the app's service worker. A new build, once installed, waits
 * ("ready") until the user accepts it in this tab ("applying"); only then does the worker take
 * over and this tab reload. If another tab accepted it, the new worker takes this tab over too:
 * its page still runs the old build, so it asks the user to reload ("elsewhere") instead of
 * reloading by itself — a download or export may be running here.
 */
export type UpdateState =
  | { type: 'idle' }
  | { type: 'ready' }
  | { type: 'later' }
  | { type: 'applying' }
  | { type: 'elsewhere' };

export type UpdateEvent =
  /** A new build is installed and waiting (workbox-window's 'waiting'). */
  | { type: 'waiting' }
  /** The user chose "Reload to update". */
  | { type: 'accept' }
  /** The user chose "Later": the prompt folds into a smaller note. */
  | { type: 'dismiss' }
  /** A new worker took this tab over. */
  | { type: 'controlling' };

/**
 * @example nextUpdateState({ type: 'ready' }, { type: 'accept' }) // { type: 'applying' }
 */
export function nextUpdateState(state: UpdateState, event: UpdateEvent): UpdateState {
  switch (event.type) {
    case 'waiting':
      return state.type === 'applying' || state.type === 'elsewhere' ? state : { type: 'ready' };
    case 'accept':
      return state.type === 'ready' || state.type === 'later' || state.type === 'elsewhere'
        ? { type: 'applying' }
        : state;
    case 'dismiss':
      return state.type === 'ready' ? { type: 'later' } : state;
    case 'controlling':
      return state.type === 'applying' ? state : { type: 'elsewhere' };
  }
}

/**
 * What a tab does when a new worker takes it over: reload only when this tab asked for the
 * update; otherwise the user decides.
 * @example onControlling({ type: 'applying' }) // 'reload'
 */
export function onControlling(state: UpdateState): 'reload' | 'ask' {
  return state.type === 'applying' ? 'reload' : 'ask';
}
