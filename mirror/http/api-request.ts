import type { IncomingHttpHeaders } from 'node:http';
import type { MirrorOptions } from '../cli-options.ts';
import type { Database } from '../data/types.ts';
import type { Route } from './routes.ts';

/** What the API handlers need from the server. */
export interface ApiContext {
  db: Database;
  options: Pick<MirrorOptions, 'token' | 'pageLimit' | 'skipCostNs'>;
}

/** One request under /api/v1, after method override and body reading. */
export interface ApiRequest {
  /** The effective method (X-HTTP-Method-Override applied). */
  method: string;
  /** The query string as sent (decoded form-style by collection-params). */
  rawQuery: string;
  route: Route | null;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The Host header, for the absolute Location of a 201. */
  host: string;
}

/** A request header's first value (Node lowercases names). */
export function firstHeader(req: ApiRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The first value of a query parameter, decoded form-style (`+` is a space), or null.
 * The first occurrence wins, as for every parameter Eve reads (eve-api.md 2.1).
 */
export function firstParam(rawQuery: string, name: string): string | null {
  return rawQuery.includes(name) ? new URLSearchParams(rawQuery).get(name) : null;
}

/** Whether the query names a parameter at all (`?pretty` counts, even empty). */
export function hasParam(rawQuery: string, name: string): boolean {
  return rawQuery.includes(name) && new URLSearchParams(rawQuery).has(name);
}
