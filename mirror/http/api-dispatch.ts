import { parseStoredJson } from '../data/stored-json.ts';
import { EveBadRequest, EveServerError } from '../query/errors.ts';
import { parseRfc1123 } from '../query/rfc1123.ts';
import { type ApiContext, type ApiRequest, firstHeader, hasParam } from './api-request.ts';
import { isAuthorized, needsToken, WWW_AUTHENTICATE } from './auth.ts';
import { postDocuments } from './post-handler.ts';
import { getCollection, getItem, getRatingCounts } from './read-handlers.ts';
import { HOME_CHILDREN, type Route, routeMethods } from './routes.ts';
import {
  errorResponse,
  HTML_TYPE,
  JSON_TYPE,
  jsonBytes,
  jsonResponse,
  MESSAGES,
  type MirrorResponse,
  serverErrorResponse,
  toWire,
} from './wire.ts';

/**
 * Eve's request handling for a routed API request: method, auth and If-Modified-Since checks,
 * then the read or POST handler; errors rendered as Eve renders them. The URL map itself is
 * routes.ts, which the handlers import too (for item titles and the API prefix).
 */

/**
 * Answers one API request as Eve would. Never throws: EveBadRequest becomes the generic 400
 * and anything else Flask's HTML 500 (eve-api.md 4.2, 4.3).
 */
export function handleApiRequest(ctx: ApiContext, req: ApiRequest): MirrorResponse {
  try {
    const response = dispatch(ctx, req);
    return hasParam(req.rawQuery, 'pretty') ? prettify(response) : response;
  } catch (error) {
    if (error instanceof EveBadRequest) return errorResponse(400, MESSAGES[400]);
    if (!(error instanceof EveServerError)) console.error('mirror: handler error', error);
    return serverErrorResponse();
  }
}

function dispatch(ctx: ApiContext, req: ApiRequest): MirrorResponse {
  const { route, method } = req;
  // Eve swaps every error of an OPTIONS request for the empty default response (eve-api.md 5).
  if (method === 'OPTIONS') return optionsResponse(route);
  if (route === null) return errorResponse(404, MESSAGES[404]);
  // Werkzeug's routing refuses the method before Eve's auth runs, so 405 beats 401.
  if (!routeMethods(route).includes(method)) return errorResponse(405, MESSAGES[405]);
  if (needsToken(method) && !isAuthorized(firstHeader(req, 'authorization'), ctx.options.token)) {
    return errorResponse(401, MESSAGES[401], [['WWW-Authenticate', WWW_AUTHENTICATE]]);
  }
  if (route.type === 'home') return jsonResponse(200, homeBody());
  if (method === 'POST' && route.type === 'collection') {
    return postDocuments(ctx, req, route.resource);
  }
  // parse_request reads If-Modified-Since on every GET/HEAD, collections included (4.3).
  const ims = firstHeader(req, 'if-modified-since');
  if (ims && parseRfc1123(ims) === null) throw new EveServerError('bad If-Modified-Since');
  if (route.type === 'collection') return getCollection(ctx, req, route.resource);
  if (route.type === 'item') return getItem(ctx, req, route.resource, route.id);
  return getRatingCounts(ctx, req);
}

/** OPTIONS: 200, empty text/html body, `Allow` only for a known route (eve-api.md 5). */
function optionsResponse(route: Route | null): MirrorResponse {
  const headers: Array<[string, string]> = [['Content-Type', HTML_TYPE]];
  if (route !== null) headers.push(['Allow', routeMethods(route).join(', ')]);
  return { status: 200, headers, body: '', cors: true };
}

function homeBody(): unknown {
  return { _links: { child: HOME_CHILDREN.map((name) => ({ href: name, title: name })) } };
}

/** `?pretty` (any value, even empty): Eve's JSON renderer indents by 4 spaces. */
function prettify(response: MirrorResponse): MirrorResponse {
  if (response.body.length === 0 || response.headers[0]?.[1] !== JSON_TYPE) return response;
  // Read back with floats kept, so `100.0` stays `100.0` once indented.
  const compact = response.body.toString();
  return { ...response, body: jsonBytes(toWire(parseStoredJson(compact)), true) };
}
