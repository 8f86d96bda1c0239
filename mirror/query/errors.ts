/**
 * The two ways a query can fail on the real API, as the mirror's query modules signal them.
 * Both keep the specific reason in `.message` for logging only: with DEBUG off, Eve never
 * sends it (eve-api.md 4.2).
 */

/** The generic text of every query 400 (eve-api.md 4.2). */
export const BAD_REQUEST_MESSAGE =
  'The browser (or proxy) sent a request that this server could not understand.';

/**
 * Eve aborts with 400 and the generic message: unparseable `where`/`sort`/`projection`,
 * blacklisted or unknown operators (eve-api.md 2.2.1, 2.2.2, 2.3, 2.4).
 *
 * @example
 * throw new EveBadRequest('where uses $regex (MONGO_QUERY_BLACKLIST)');
 */
export class EveBadRequest extends Error {
  readonly status = 400;
  override readonly name = 'EveBadRequest';
}

/**
 * An uncaught exception in Eve, pymongo or MongoDB: Flask's HTML 500 page, without CORS
 * headers (eve-api.md 4.3).
 *
 * @example
 * throw new EveServerError('MongoDB: $in needs an array');
 */
export class EveServerError extends Error {
  readonly status = 500;
  override readonly name = 'EveServerError';
}
