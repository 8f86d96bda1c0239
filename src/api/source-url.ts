import { RedirectError, SchemeError } from './errors.ts';

/**
 * What a source may be, and where its answers may come from. A `data:` "API" plants whatever
 * records its URL spells out without any request, and `javascript:`, `blob:`, `file:` can never
 * answer: only http(s) is a source. An answer that a redirect brought from another origin would
 * be stored as the source's records: refused, naming where it came from.
 */

/**
 * Why `url` cannot be a source, or null when it is an http(s) address.
 * @example sourceProblem('data:application/json,{}') // SchemeError: 'The source is a data: address: …'
 * @example sourceProblem('https://mriqc.nimh.nih.gov/api/v1') // null
 */
export function sourceProblem(url: string): SchemeError | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase() ?? '';
    return new SchemeError(url, scheme);
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return null;
  // `localhost:5174/api/v1` parses as the scheme "localhost:": the scheme is missing, not wrong.
  if (/^\d/.test(parsed.pathname)) return new SchemeError(url, '');
  return new SchemeError(url, parsed.protocol);
}

/**
 * Throws SchemeError unless `url` is an http(s) address.
 * @example assertHttpSource('file:///etc/passwd') // throws 'The source is a file: address: …'
 */
export function assertHttpSource(url: string): void {
  const problem = sourceProblem(url);
  if (problem) throw problem;
}

/**
 * Throws RedirectError when the answer to `requested` came from another origin (fetch followed
 * a redirect); a redirect within the origin is the server's own business and is accepted.
 * @example checkAnswerOrigin('http://a/api/v1/T1w?x', {redirected: true, url: 'http://b/api/v1/T1w?x'})
 *   // throws 'The API redirected to http://b/api/v1, another site; …'
 */
export function checkAnswerOrigin(
  requested: string,
  response: { redirected: boolean; url: string },
): void {
  if (!response.redirected || !response.url) return;
  const from = new URL(requested);
  const to = new URL(response.url);
  if (to.origin === from.origin) return;
  throw new RedirectError(requested, redirectedBase(from, to));
}

/**
 * The redirect target as a source would be written: the query dropped and, when the redirect
 * kept the collection name (`…/T1w`), that too, so the user can paste it as the source.
 */
function redirectedBase(from: URL, to: URL): string {
  const collection = from.pathname.split('/').at(-1);
  let path = to.pathname;
  if (collection && path.endsWith(`/${collection}`)) path = path.slice(0, -collection.length - 1);
  return `${to.origin}${path.replace(/\/+$/, '')}`;
}
