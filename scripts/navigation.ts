/**
 * Which navigations the service worker must not answer with the precached index.html: an API
 * or mirror path on the site's own host (a lab may proxy the API there). Workbox tests these
 * against the path *and* the query string, and the app's own addresses carry the API in their
 * query (`?source=http://127.0.0.1:5174/api/v1`), so each pattern is anchored to the path:
 * unanchored, every bookmarked query failed to open offline.
 */
export const NAVIGATE_FALLBACK_DENYLIST: RegExp[] = [/^[^?#]*\/api\//, /^[^?#]*\/__mirror\//];

/** Whether a navigation to `pathAndSearch` (as Workbox sees it) gets the app's index.html. */
export function servesAppShell(pathAndSearch: string): boolean {
  return !NAVIGATE_FALLBACK_DENYLIST.some((pattern) => pattern.test(pathAndSearch));
}
