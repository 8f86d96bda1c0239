import { asText, type Column } from './column.ts';
import type { UploadTimes } from './cumulative.ts';
import { readHttpDate } from './packed-strings.ts';
import type { TextRows } from './text-rows.ts';

/**
 * `_created` as epoch milliseconds. Eve serves RFC-1123 dates ("Tue, 22 Aug 2017 19:10:36
 * GMT"); `Date.parse` reads them but costs ~0.2 µs each (~220 ms for 1M rows), too much for
 * the 0.5 s dedup budget, so the fixed layout is read directly and `Date.parse` is only the
 * fallback for ISO 8601. Each distinct text is parsed once per column (cached); dates the
 * store packed as times are not parsed at all.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Epoch ms of an HTTP date (RFC 1123, GMT) or an ISO 8601 date; NaN for anything else.
 *
 * @example
 * parseHttpDate('Tue, 22 Aug 2017 19:10:36 GMT') // 1503429036000
 * parseHttpDate('2017-08-22T19:10:36Z') // 1503429036000 (fallback)
 */
export function parseHttpDate(text: string): number {
  const fixed = readHttpDate(text);
  if (!Number.isNaN(fixed)) return fixed;
  // Only ISO 8601 is left to Date.parse: V8 reads junk like '5' as a year-2001 date.
  return ISO_DATE.test(text) ? Date.parse(text) : Number.NaN;
}

const parsedCache = new WeakMap<readonly string[], Float64Array>();

/** `times[code]` for a dictionary (index 0 = missing = NaN), computed once per dictionary. */
function dictTimes(dict: readonly string[]): Float64Array {
  const cached = parsedCache.get(dict);
  if (cached) return cached;
  const times = new Float64Array(dict.length + 1);
  times[0] = Number.NaN;
  dict.forEach((text, i) => {
    times[i + 1] = parseHttpDate(text);
  });
  parsedCache.set(dict, times);
  return times;
}

/**
 * Per row, the `_created` time in epoch ms (NaN = missing or unreadable). A number column is
 * taken as epoch ms already.
 *
 * @example
 * createdTimes(fromDecoded(['Thu, 01 Jan 1970 00:00:01 GMT', undefined])) // [1000, NaN]
 */
export function createdTimes(column: Column): Float64Array {
  if (column.kind === 'number') return column.values;
  const text = asText(column);
  if (text.rows) return text.rows.times ?? rowTimes(text.rows);
  const { codes, dict } = text;
  const byCode = dictTimes(dict);
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = byCode[codes[i]!]!;
  return out;
}

/**
 * Per row, the `_created` time as the column holds it: whole seconds for dates read from a
 * compacted segment (not widened), else epoch ms as {@link createdTimes}.
 */
export function uploadTimes(column: Column): UploadTimes {
  const seconds = column.kind === 'text' ? column.rows?.seconds : undefined;
  return seconds ? { seconds } : createdTimes(column);
}

const rowTimesCache = new WeakMap<TextRows, Float64Array>();

/** Times parsed row by row (a lazily coded column: no dictionary to parse once per entry). */
function rowTimes(rows: TextRows): Float64Array {
  const cached = rowTimesCache.get(rows);
  if (cached) return cached;
  const out = new Float64Array(rows.length);
  let last: string | undefined;
  let lastTime = Number.NaN;
  for (let i = 0; i < rows.length; i++) {
    const s = rows.at(i);
    if (s === undefined) out[i] = Number.NaN;
    else {
      // Uploads of one study share their second: runs of equal strings parse once.
      if (s !== last) {
        last = s;
        lastTime = parseHttpDate(s);
      }
      out[i] = lastTime;
    }
  }
  rowTimesCache.set(rows, out);
  return out;
}

/**
 * One row's `_created` time in epoch ms (NaN = missing or unreadable), without computing every
 * row's: for dedup, which needs the dates of duplicate uploads only.
 *
 * @example
 * createdTimeOf(fromDecoded(['Thu, 01 Jan 1970 00:00:01 GMT']))(0) // 1000
 */
export function createdTimeOf(column: Column): (row: number) => number {
  if (column.kind === 'number') return (row) => column.values[row] ?? Number.NaN;
  const text = asText(column);
  const rows = text.rows;
  if (rows?.times) {
    const times = rows.times;
    return (row) => times[row] ?? Number.NaN;
  }
  if (rows) {
    return (row) => {
      const s = rows.at(row);
      return s === undefined ? Number.NaN : parseHttpDate(s);
    };
  }
  const byCode = dictTimes(text.dict);
  const codes = text.codes;
  return (row) => byCode[codes[row]!]!;
}
