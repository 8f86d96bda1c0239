/**
 * CORS exactly as Eve 2.2.4 sends it with X_DOMAINS="*" (eve-api.md 5).
 *
 * Eve adds these headers only when the request carries a non-empty `Origin`, on every
 * response it renders itself (200, 304, 4xx, OPTIONS), never on Flask's HTML 500 or on an
 * nginx 502/504. `Access-Control-Allow-Methods` is the method set of the route the *path*
 * matches, whatever the request's method, and is empty for a path no route matches.
 */

/** X_HEADERS, sent verbatim: Eve does not echo Access-Control-Request-Headers. */
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type';
/** Eve's X_MAX_AGE default. */
export const CORS_MAX_AGE = '21600';

/**
 * The CORS headers for a response, in Eve's order; none when `origin` is absent or empty.
 * `methods` is the matched route's method set (empty for an unknown path).
 *
 * @example
 * corsHeaders('http://x', ['GET', 'HEAD', 'OPTIONS'])
 * // [['Access-Control-Allow-Origin', 'http://x'], ['Vary', 'Origin'], …]
 */
export function corsHeaders(
  origin: string | undefined,
  methods: readonly string[],
): Array<[string, string]> {
  if (!origin) return [];
  return [
    // The origin is echoed verbatim ("null" included); the literal "*" is never sent.
    ['Access-Control-Allow-Origin', origin],
    ['Vary', 'Origin'],
    ['Access-Control-Allow-Headers', CORS_ALLOW_HEADERS],
    // X_EXPOSE_HEADERS is None, which Eve still sends as a present, empty header.
    ['Access-Control-Expose-Headers', ''],
    // Eve's order comes from a Python set and changes between restarts; ours is fixed.
    ['Access-Control-Allow-Methods', methods.join(', ')],
    ['Access-Control-Max-Age', CORS_MAX_AGE],
  ];
}

/**
 * Permissive CORS for the mirror's own `/__mirror/*` endpoints, which the app and tests read
 * cross-origin. Not part of Eve.
 */
export function mirrorEndpointCors(origin: string | undefined): Array<[string, string]> {
  if (!origin) return [];
  return [
    ['Access-Control-Allow-Origin', origin],
    ['Vary', 'Origin'],
    ['Access-Control-Allow-Methods', 'GET, POST, OPTIONS'],
    ['Access-Control-Allow-Headers', 'Content-Type'],
  ];
}
