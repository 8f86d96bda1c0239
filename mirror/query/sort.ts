import type { StoredDoc } from '../data/types.ts';
import { bsonRank, compareBson, EMPTY_ARRAY_RANK, resolvePath } from './bson-order.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import type { PyNode } from './python/python-ast.ts';
import { PyNullByte } from './python/python-lexer.ts';
import {
  LiteralMalformed,
  LiteralUnhashable,
  literalEval,
  literalTruthy,
  type PyLiteral,
} from './python/python-literal.ts';
import { parsePython } from './python/python-parser.ts';
import { pyStrip } from './python/python-text.ts';

/** A validated sort: (dotted path, direction) pairs; `$natural` means insertion order. */
export type SortSpec = Array<[path: string, dir: 1 | -1]>;

type RawEntry = [key: PyLiteral, value: PyLiteral];

/**
 * Eve's fallback when literal_eval raises ValueError (eve-api.md 2.3): split at commas, strip,
 * a leading '-' means descending. An empty part (`a,`) raises IndexError inside the except
 * handler, which nothing catches: a 500.
 */
function commaEntries(raw: string): RawEntry[] {
  return raw.split(',').map((part): RawEntry => {
    const arg = pyStrip(part);
    if (arg === '') throw new EveServerError('IndexError: empty sort part');
    const desc = arg.startsWith('-');
    return [
      { t: 'str', v: desc ? arg.slice(1) : arg },
      { t: 'int', v: desc ? -1n : 1n },
    ];
  });
}

/** pymongo unpacks each list item as `key, value = item` (a bare str means ascending). */
function unpackItem(item: PyLiteral): RawEntry {
  if (item.t === 'str') return [item, { t: 'int', v: 1n }];
  let parts: PyLiteral[];
  if (item.t === 'tuple' || item.t === 'list') parts = item.items;
  else if (item.t === 'dict') parts = item.entries.map(([key]) => key);
  else if (item.t === 'bytes') parts = item.v.map((b): PyLiteral => ({ t: 'int', v: BigInt(b) }));
  else if (item.t === 'set') throw new EveServerError('a set as sort item (order is arbitrary)');
  else throw new EveBadRequest(`TypeError: cannot unpack a ${item.t}`);
  if (parts.length !== 2) throw new EveServerError(`ValueError: ${parts.length} values to unpack`);
  return [parts[0] as PyLiteral, parts[1] as PyLiteral];
}

/** pymongo's `_validate_index_key_pair`: TypeError (Eve turns it into a 400). */
function checkPair([key, value]: RawEntry): RawEntry {
  if (key.t !== 'str') throw new EveBadRequest('first item in each key pair must be a str');
  if (!['str', 'int', 'bool', 'dict'].includes(value.t)) {
    throw new EveBadRequest('second item in each key pair must be 1, -1, … ');
  }
  return [key, value];
}

/** pymongo's `_index_document`: a list/tuple of pairs or a mapping, in order, keys unique. */
function pymongoEntries(value: PyLiteral): RawEntry[] {
  let entries: RawEntry[];
  if (value.t === 'list' || value.t === 'tuple')
    entries = value.items.map((item) => checkPair(unpackItem(item)));
  else if (value.t === 'dict') entries = value.entries.map(checkPair);
  else
    throw new EveBadRequest(`TypeError: must use a list of (key, direction) pairs, not ${value.t}`);
  const byKey = new Map<string, RawEntry>();
  for (const entry of entries) {
    const key = (entry[0] as { v: string }).v;
    byKey.set(key, [byKey.get(key)?.[0] ?? entry[0], entry[1]]);
  }
  return [...byKey.values()];
}

function isValidSortPath(path: string): boolean {
  if (path.includes('\0')) return false;
  return path.split('.').every((part) => part !== '' && !part.startsWith('$'));
}

/** What MongoDB accepts in a find sort: 1 or -1 on valid field paths, or `$natural` alone. */
function toSortSpec(entries: RawEntry[]): SortSpec {
  return entries.map(([key, value]): [string, 1 | -1] => {
    const path = (key as { v: string }).v;
    const dir = value.t === 'int' && (value.v === 1n || value.v === -1n) ? Number(value.v) : 0;
    if (dir === 0) throw new EveServerError(`$sort key ordering must be 1 or -1 (${path})`);
    const natural = path === '$natural' && entries.length === 1;
    if (!natural && !isValidSortPath(path))
      throw new EveServerError(`bad sort field path "${path}"`);
    return [path, dir as 1 | -1];
  });
}

function literalOf(raw: string): PyLiteral | null {
  try {
    // ast.literal_eval strips leading spaces and tabs, then parses in 'eval' mode.
    return literalEval(parsePython(raw.replace(/^[ \t]+/, ''), 'eval')[0] as PyNode);
  } catch (error) {
    if (error instanceof LiteralMalformed || error instanceof PyNullByte) return null;
    if (error instanceof LiteralUnhashable) throw new EveBadRequest(error.message);
    throw error;
  }
}

/**
 * Parses a decoded `sort` value as Eve 2.2.4 with pymongo 4 and MongoDB do (eve-api.md 2.3):
 * a Python literal first (list of pairs, or a dict), else the comma list. A syntax error is
 * 400, a falsy literal (`[]`, `None`, `0`) means no sort, `a,` and a bad direction are 500.
 *
 * @example
 * parseSort('-size_x')                  // [['size_x', -1]]
 * parseSort('[("size_x", -1)]')         // [['size_x', -1]]
 * parseSort('-bids_meta.Manufacturer, size_x') // [['bids_meta.Manufacturer', -1], ['size_x', 1]]
 * parseSort('2abc')                     // throws EveBadRequest
 * parseSort('a,')                       // throws EveServerError
 */
export function parseSort(raw: string): SortSpec | null {
  if (raw === '') return null;
  // Clients repeat a handful of sorts; `sort=_id` alone costs a Python parse and a thrown
  // LiteralMalformed. Only results are cached (errors are thrown again each time), frozen
  // because every request with that sort shares them.
  const cached = SORT_CACHE.get(raw);
  if (cached !== undefined) return cached;
  const spec = parseSortUncached(raw);
  const shared = spec && (Object.freeze(spec.map((pair) => Object.freeze(pair))) as SortSpec);
  if (SORT_CACHE.size >= 256) SORT_CACHE.clear();
  SORT_CACHE.set(raw, shared);
  return shared;
}

const SORT_CACHE = new Map<string, SortSpec | null>();

function parseSortUncached(raw: string): SortSpec | null {
  const literal = literalOf(raw);
  if (literal === null)
    return toSortSpec(pymongoEntries({ t: 'list', items: commaEntries(raw).map(toTuple) }));
  if (!literalTruthy(literal)) return null;
  return toSortSpec(pymongoEntries(literal));
}

function toTuple([key, value]: RawEntry): PyLiteral {
  return { t: 'tuple', items: [key, value] };
}

/** A sort key value: for an array field the smallest element ascending, the largest descending. */
const EMPTY_ARRAY = Symbol('empty array');

/**
 * The value MongoDB sorts a document by for one path and direction.
 *
 * @example
 * sortValueOf({ a: [3, 1, 2] }, ['a'], 1)  // 1
 * sortValueOf({ a: [3, 1, 2] }, ['a'], -1) // 3
 */
export function sortValueOf(doc: unknown, parts: readonly string[], dir: 1 | -1): unknown {
  const { values, missing } = resolvePath(doc, parts);
  let best: unknown;
  let found = false;
  const consider = (value: unknown): void => {
    if (!found || compareSortValues(value, best) * dir < 0) best = value;
    found = true;
  };
  for (const value of values) {
    if (!Array.isArray(value)) consider(value);
    else if (value.length === 0) consider(EMPTY_ARRAY);
    else for (const item of value) consider(item);
  }
  if (missing || !found) consider(null);
  return best;
}

/**
 * Compares two sort values in MongoDB's cross-type order; an empty array sorts before null.
 *
 * @example
 * compareSortValues(null, 0) < 0 // true
 */
export function compareSortValues(a: unknown, b: unknown): number {
  const ra = a === EMPTY_ARRAY ? EMPTY_ARRAY_RANK : bsonRank(a);
  const rb = b === EMPTY_ARRAY ? EMPTY_ARRAY_RANK : bsonRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return ra === EMPTY_ARRAY_RANK ? 0 : compareBson(a, b);
}

/**
 * A comparator for documents under `spec`. Ties return 0: Array.prototype.sort is stable, so
 * ties keep their incoming (natural) order. `$natural` cannot be judged from documents alone
 * and compares as a tie; find() orders it by position.
 *
 * @example
 * docs.sort(compareDocs([['size_x', -1], ['_id', 1]]))
 */
export function compareDocs(spec: SortSpec): (a: StoredDoc, b: StoredDoc) => number {
  const keys = spec
    .filter(([path]) => path !== '$natural')
    .map(([path, dir]) => ({ parts: path.split('.'), dir }));
  return (a, b) => {
    for (const { parts, dir } of keys) {
      const order = compareSortValues(sortValueOf(a, parts, dir), sortValueOf(b, parts, dir));
      if (order !== 0) return order * dir;
    }
    return 0;
  };
}
