/**
 * Two kinds of string the API serves a million of, packed into typed arrays and back, exactly:
 *
 * - hex digests (`provenance.md5sum`, 32 lowercase hex digits; `_id`, 24): `width` bytes a row
 *   instead of a string each. IndexedDB clones a typed array as one copy, where 1M strings
 *   cost ~0.3 s to read and ~50 MB of heap.
 * - HTTP dates (`_created`, "Tue, 22 Aug 2017 19:10:36 GMT"): epoch milliseconds, which is
 *   also what dedup and a chronological sort need.
 *
 * A value is packed only when it comes back as the very same string (lowercase hex of one
 * length; a date that formats back to its own text), so packing never changes what the table
 * shows or the export writes. Callers fall back to plain strings otherwise.
 */

const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) HEX_DIGIT['0123456789abcdef'.charCodeAt(d)] = d;
const HEX_CHAR = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Hex digests packed `width` bytes per row; `missing` lists the rows without a value. */
export interface PackedHex {
  readonly width: number;
  readonly bytes: Uint8Array;
  readonly missing: Uint32Array;
}

/**
 * Packs `length` rows (`undefined`/`null` = missing) when every present value is lowercase hex
 * of one even length (2–128 digits); null otherwise (or when no row has a value).
 *
 * @example
 * packHex(['0a1b', undefined], 2) // { width: 2, bytes: [0x0a, 0x1b, 0, 0], missing: [1] }
 * packHex(['0A1B'], 1) // null: upper case would not come back the same
 */
export function packHex(values: ArrayLike<unknown>, length: number): PackedHex | null {
  let width = 0;
  let bytes: Uint8Array | null = null;
  const missing: number[] = [];
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === undefined || v === null) {
      missing.push(i);
      continue;
    }
    if (typeof v !== 'string') return null;
    if (bytes === null) {
      if (v.length === 0 || v.length % 2 !== 0 || v.length > 128) return null;
      width = v.length / 2;
      bytes = new Uint8Array(length * width);
    } else if (v.length !== width * 2) return null;
    const at = i * width;
    for (let b = 0; b < width; b++) {
      const hi = v.charCodeAt(2 * b);
      const lo = v.charCodeAt(2 * b + 1);
      const byte = ((hi < 128 ? HEX_DIGIT[hi]! : -1) << 4) | (lo < 128 ? HEX_DIGIT[lo]! : -1);
      // A digit of -1 (not hex) sets the sign bit.
      if (byte < 0) return null;
      bytes[at + b] = byte;
    }
  }
  return bytes ? { width, bytes, missing: Uint32Array.from(missing) } : null;
}

const scratch: number[] = [];

/**
 * Row `row`'s digest as text (the caller knows the row is present).
 *
 * @example
 * hexAt(Uint8Array.of(0x0a, 0x1b), 2, 0) // '0a1b'
 */
export function hexAt(bytes: Uint8Array, width: number, row: number): string {
  scratch.length = width * 2;
  const at = row * width;
  for (let b = 0; b < width; b++) {
    const byte = bytes[at + b]!;
    scratch[2 * b] = HEX_CHAR[byte >> 4]!;
    scratch[2 * b + 1] = HEX_CHAR[byte & 15]!;
  }
  return String.fromCharCode.apply(null, scratch);
}

/** Whether sorted `missing` holds `row` (binary search: the list is short, usually empty). */
export function isMissingRow(missing: Uint32Array, row: number): boolean {
  let lo = 0;
  let hi = missing.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = missing[mid]!;
    if (m === row) return true;
    if (m < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']; // day 0 = Thu 1 Jan 1970
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

let cachedDay = Number.NaN;
let cachedDayText = '';

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** "Tue, 22 Aug 2017 " for the day of `ms`, cached: uploads come in runs of one day. */
function dayText(day: number): string {
  if (day !== cachedDay) {
    const d = new Date(day * DAY_MS);
    const month = d.getUTCMonth() * 3;
    const weekday = WEEKDAYS[((day % 7) + 7) % 7];
    cachedDayText = `${weekday}, ${two(d.getUTCDate())} ${MONTHS.slice(month, month + 3)} ${d.getUTCFullYear()} `;
    cachedDay = day;
  }
  return cachedDayText;
}

/**
 * The HTTP date (RFC 1123, as Eve serves `_created`) of epoch ms; years 1000–9999 and whole
 * seconds, the only ones {@link packHttpDates} packs.
 *
 * @example
 * httpDateText(1503429036000) // 'Tue, 22 Aug 2017 19:10:36 GMT'
 */
export function httpDateText(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const seconds = (ms - day * DAY_MS) / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${dayText(day)}${two(h)}:${two(m)}:${two(seconds % 60)} GMT`;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Epoch ms of an HTTP date in Eve's fixed layout ("Tue, 22 Aug 2017 19:10:36 GMT"), NaN for
 * anything else (the weekday and ranges are not checked here: see {@link packHttpDates}).
 *
 * @example
 * readHttpDate('Tue, 22 Aug 2017 19:10:36 GMT') // 1503429036000
 */
export function readHttpDate(text: string): number {
  if (text.length !== 29 || text[3] !== ',' || !text.endsWith(' GMT')) return Number.NaN;
  const month = MONTHS.indexOf(text.slice(8, 11));
  if (month % 3 !== 0) return Number.NaN;
  return Date.UTC(
    digits(text, 12, 4),
    month / 3,
    digits(text, 5, 2),
    digits(text, 17, 2),
    digits(text, 20, 2),
    digits(text, 23, 2),
  );
}

/**
 * Packs `length` rows as epoch ms (NaN = missing) when every present value is an HTTP date
 * that {@link httpDateText} writes back unchanged; null otherwise (or when no row has one).
 *
 * @example
 * packHttpDates(['Tue, 22 Aug 2017 19:10:36 GMT', undefined], 2) // Float64Array [1503429036000, NaN]
 * packHttpDates(['Mon, 22 Aug 2017 19:10:36 GMT'], 1) // null: wrong weekday, would not round-trip
 */
export function packHttpDates(values: ArrayLike<unknown>, length: number): Float64Array | null {
  // Allocated at the first date: most text columns fail on their first value.
  let ms: Float64Array | null = null;
  let last = '';
  let lastMs = Number.NaN;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return null;
    if (v !== last) {
      const t = readHttpDate(v);
      if (Number.isNaN(t) || httpDateText(t) !== v) return null;
      last = v;
      lastMs = t;
    }
    if (ms === null) ms = new Float64Array(length).fill(Number.NaN);
    ms[i] = lastMs;
  }
  return ms;
}
