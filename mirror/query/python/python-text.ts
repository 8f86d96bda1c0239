/**
 * Small pieces of CPython's text handling that Eve's parsing relies on: what `str.strip()`,
 * `int()` and `float()` accept. Eve runs `int(float(max_results))`, `abs(int(page))` and
 * `sort_arg.strip()` (eve-api.md 2.3, 2.5, 2.6), so their exact grammar decides 25 vs 10 vs 500.
 */

/** The characters `str.isspace()` is true for (CPython's Py_UNICODE_ISSPACE), as a class body. */
export const PY_SPACE_CLASS =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const STRIP = new RegExp(`^[${PY_SPACE_CLASS}]+|[${PY_SPACE_CLASS}]+$`, 'g');

/** CPython refuses to convert decimal text longer than this (sys.get_int_max_str_digits, 3.11). */
export const INT_MAX_STR_DIGITS = 4300;

const DIGITS = '\\d(?:_?\\d)*';
const INT_TEXT = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_TEXT = new RegExp(
  `^[+-]?(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?$`,
);
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Python's `s.strip()` with no argument: Unicode whitespace at both ends.
 *
 * @example
 * pyStrip('\u3000 -x \t') // '-x'
 */
export function pyStrip(text: string): string {
  return text.replace(STRIP, '');
}

/**
 * Python's `int(text)` for base 10: surrounding whitespace, a sign, digits with single
 * underscores between them. `null` where Python raises ValueError (also beyond 4300 digits).
 *
 * @example
 * pyInt(' -2 ') // -2n
 * pyInt('2.5')  // null
 */
export function pyInt(text: string): bigint | null {
  const body = pyStrip(text);
  if (!INT_TEXT.test(body)) return null;
  const digits = body.replace(/[_+-]/g, '');
  if (digits.length > INT_MAX_STR_DIGITS) return null;
  return BigInt(body.startsWith('-') ? `-${digits}` : digits);
}

/**
 * Python's `float(text)`: the decimal grammar with underscores, or inf/infinity/nan in any
 * case with a sign. `null` where Python raises ValueError.
 *
 * @example
 * pyFloat('1e1')  // 10
 * pyFloat('-INF') // -Infinity
 * pyFloat('abc')  // null
 */
export function pyFloat(text: string): number | null {
  const body = pyStrip(text);
  const special = FLOAT_SPECIAL.exec(body);
  if (special) {
    if (special[2]?.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT_TEXT.test(body)) return null;
  return Number(body.replaceAll('_', ''));
}

/**
 * Python truthiness of a JSON-like value: 0, -0, false, null, '' and empty containers are
 * false; NaN is true.
 *
 * @example
 * pyTruthy(Number.NaN) // true
 * pyTruthy({})         // false
 */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** A JSON-style object (not an array, Date, ObjectId or other class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
