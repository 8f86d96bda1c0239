/**
 * The page URL as the app's state store: features read `location.search` through
 * `useSyncExternalStore(subscribeUrl, readSearch)` and write with `writeSearch`.
 */

/** pushState/replaceState fire no event of their own; this one tells readers to re-read the URL. */
const URL_CHANGE = 'crowdmri:urlchange';

export function subscribeUrl(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(URL_CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(URL_CHANGE, onChange);
  };
}

export const readSearch = (): string => window.location.search;

/** 'push' for deliberate choices (Back undoes them), 'replace' for typing (one entry per field). */
export type HistoryMode = 'push' | 'replace';

export function writeSearch(search: string, mode: HistoryMode): void {
  const url = `${search}${window.location.hash}`;
  if (mode === 'push') window.history.pushState(window.history.state, '', url);
  else window.history.replaceState(window.history.state, '', url);
  window.dispatchEvent(new Event(URL_CHANGE));
}

/**
 * `search` with the params named in `owned` replaced by `params`, every other param kept in
 * place: each feature writes its own params without touching the query's or another's.
 *
 * @example
 * withParams('?modality=T1w&show=unique', new Set(['show']), [['sort', 'cjv']]) // '?modality=T1w&sort=cjv'
 */
export function withParams(
  search: string,
  owned: ReadonlySet<string>,
  params: Iterable<[string, string]>,
): string {
  const kept = [...new URLSearchParams(search)].filter(([key]) => !owned.has(key));
  return `?${new URLSearchParams([...kept, ...params]).toString()}`;
}
