/**
 * The text of one exported cell, before CSV quoting. The rules depend only on the value as the
 * API served it, never on the column's inferred type, so a mixed ("raw") column writes each
 * value the way a clean column of its type would.
 */

/** Characters that make a spreadsheet run a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet would run as a formula, made inert the OWASP way: a leading `'`.
 * Only for text: numbers never pass through here, so `-1.5` in a number column stays a number.
 *
 * @example
 * neutralise('=HYPERLINK("http://x","y")') // `'=HYPERLINK("http://x","y")`
 * neutralise('GE') // 'GE'
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A double as text that reads back to exactly the same double: JavaScript's shortest
 * round-trip form (`String`), except that `-0` keeps its sign (`String(-0)` is `'0'`), and
 * NaN (a number column's "missing") is the empty cell.
 *
 * @example
 * formatNumber(0.1 + 0.2) // '0.30000000000000004'
 * formatNumber(-0) // '-0'
 * formatNumber(Number.NaN) // ''
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return String(value);
}

/**
 * The unquoted text of a served value: numbers as {@link formatNumber}, strings neutralised,
 * missing (`undefined`/`null`) empty, booleans `true`/`false`, objects and arrays as JSON.
 *
 * @example
 * cellText(-2) // '-2'
 * cellText('-2') // "'-2" (a text cell: neutralised)
 * cellText(undefined) // ''
 */
export function cellText(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return formatNumber(value);
    case 'string':
      return neutralise(value);
    case 'undefined':
      return '';
    case 'object':
      return value === null ? '' : neutralise(JSON.stringify(value));
    default:
      return String(value);
  }
}
