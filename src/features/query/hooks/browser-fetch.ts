import type { FetchFn } from '../../../api/fetch-page.ts';

/** The page's fetch, wrapped: passing `window.fetch` around unbound fails with "Illegal invocation". */
export const browserFetch: FetchFn = (url, init) => fetch(url, init);
