import type { StoredResource } from '../data/types.ts';

/**
 * Eve's URL map for the MRIQC app (eve-api.md 1.3): every route under /api/v1, a trailing
 * slash accepted everywhere (strict_slashes off), case-sensitive names, and items addressed
 * only by 24 *lowercase* hex characters.
 */

export type Route =
  | { type: 'home' }
  | { type: 'collection'; resource: StoredResource }
  | { type: 'aggregate'; resource: 'rating_counts' }
  | { type: 'item'; resource: StoredResource; id: string };

export const API_PREFIX = '/api/v1';

/** Eve's item titles: the resource name, a trailing "s" removed, capitalised, unless set. */
export const ITEM_TITLES: Readonly<Record<StoredResource, string>> = {
  bold: 'bold',
  T1w: 'T1w',
  T2w: 'T2w',
  rating: 'Rating',
  nipype_telemetry: 'Nipype_telemetry',
};

/** The home page's children, in Eve's order (eve-api.md 1.3). */
export const HOME_CHILDREN = ['bold', 'T1w', 'T2w', 'nipype_telemetry', 'rating', 'rating_counts'];

const COLLECTION_RE = /^\/api\/v1\/(bold|T1w|T2w|nipype_telemetry|rating|rating_counts)\/?$/;
const ITEM_RE = /^\/api\/v1\/(bold|T1w|T2w|nipype_telemetry|rating)\/([a-f0-9]{24})\/?$/;

/**
 * The route a decoded path matches, or null (which is a 404, or an empty 200 for OPTIONS).
 *
 * @example
 * matchRoute('/api/v1/bold/') // { type: 'collection', resource: 'bold' }
 * matchRoute('/api/v1/BOLD') // null
 * matchRoute('/api/v1/bold/59CFAD7F0000000000000001') // null: uppercase ids never route
 */
export function matchRoute(path: string): Route | null {
  if (path === API_PREFIX || path === `${API_PREFIX}/`) return { type: 'home' };
  const collection = COLLECTION_RE.exec(path);
  if (collection) {
    const name = collection[1] as StoredResource | 'rating_counts';
    return name === 'rating_counts'
      ? { type: 'aggregate', resource: name }
      : { type: 'collection', resource: name };
  }
  const item = ITEM_RE.exec(path);
  if (item) return { type: 'item', resource: item[1] as StoredResource, id: item[2]! };
  return null;
}

const COLLECTION_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
const READ_ONLY_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

/**
 * The methods a route accepts, as Flask lists them in `Allow` and Eve in
 * `Access-Control-Allow-Methods`; empty for an unknown path.
 */
export function routeMethods(route: Route | null): readonly string[] {
  if (route === null) return [];
  return route.type === 'collection' ? COLLECTION_METHODS : READ_ONLY_METHODS;
}

/** Routes whose GETs are "data GETs", the only requests faults apply to. */
export function isDataRoute(route: Route | null): boolean {
  return route !== null && route.type !== 'home';
}

/**
 * Splits a raw request target into its path (percent-decoded like WSGI's PATH_INFO) and raw
 * query string (decoded later, form-style, by collection-params).
 */
export function splitTarget(target: string): { path: string; rawQuery: string } {
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  return { path: decodePath(rawPath), rawQuery };
}

function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // A bad escape or invalid UTF-8 cannot name a route: keep it raw, which matches nothing.
    return raw;
  }
}
