import { EveServerError } from '../query/errors.ts';

/**
 * Eve's TokenAuth as the MRIQC app configures it (eve-api.md 1.1, 4.5): HEAD and POST need
 * the token, GET and OPTIONS never do.
 */

/** The challenge Eve's TokenAuth sends with every 401. */
export const WWW_AUTHENTICATE = 'Basic realm="eve"';

/** Methods outside PUBLIC_METHODS / PUBLIC_ITEM_METHODS (["GET"]); OPTIONS is always public. */
export function needsToken(method: string): boolean {
  return method !== 'GET' && method !== 'OPTIONS';
}

/**
 * The token a request presents, read the way Eve's `TokenAuth.authorized` does:
 * the username of a Basic header; otherwise the stripped header, where a value starting with
 * "token" or "bearer" (any case) is split on a single space and its second part taken.
 *
 * Throws on "Bearer" with no space after it: Eve's `split(" ")[1]` raises IndexError there,
 * which the server turns into the HTML 500 that the real API would send.
 *
 * @example
 * readToken('Bearer abc') // 'abc'
 * readToken('Basic ' + btoa('abc:')) // 'abc'
 * readToken('abc') // 'abc'
 */
export function readToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const basicUser = readBasicUsername(header);
  if (basicUser !== null) return basicUser;
  const value = header.trim();
  if (value === '') return null;
  if (/^(token|bearer)/i.test(value)) {
    const parts = value.split(' ');
    if (parts.length < 2)
      throw new EveServerError('IndexError: list index out of range (TokenAuth)');
    return parts[1]!;
  }
  return value;
}

/** True when the request's Authorization header carries `token` (constant-time compare is moot here). */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const presented = readToken(header);
  return presented !== null && presented !== '' && presented === token;
}

/**
 * Werkzeug 2.2's `request.authorization` for Basic: "Basic <b64(user:pass)>", or null when
 * the header is not Basic or does not decode to a string with a colon.
 */
function readBasicUsername(header: string): string | null {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(0, colon);
}
