/**
 * A number MongoDB holds as a BSON double. MongoDB keeps int and double apart, and the API
 * serialises a double with a trailing `.0` when it is whole (`"size_x": 100.0`), which is
 * what makes pandas read such a column as float64 rather than int64. A JavaScript number
 * can't tell 100.0 from 100, so stored documents hold a whole-number double as a Double;
 * a number with a fraction can only be a double and stays a plain number. Compared, sorted
 * and filtered, a Double is its value (`valueOf`); JSON.stringify writes its value too
 * (`toJSON`), and only the wire (http/wire.ts) writes the `.0`. Immutable, so documents can
 * share one.
 *
 * @example
 * const size = new Double(100);
 * Number(size) // 100
 * floatText(size.value) // '100.0'
 */
export class Double {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }

  toJSON(): number {
    return this.value;
  }
}

/**
 * A double as stored: a Double when whole (its text would lose the float-ness), else the
 * number itself.
 *
 * @example
 * storedDouble(2)   // Double(2)
 * storedDouble(2.5) // 2.5
 */
export function storedDouble(value: number): number | Double {
  return Number.isInteger(value) ? new Double(value) : value;
}

/** Python writes floats of this size and more with an exponent (`1e+16`). */
const EXPONENT_FROM = 1e16;

/**
 * A whole-number double as Python's `repr` (simplejson, hence Eve) writes it: `100.0`,
 * `-0.0`, and from 1e16 on the shortest digits with an exponent (`1e+16`, `1.5e+17`).
 * NaN and ±Infinity have no JSON form; they are written as JSON.stringify writes them.
 *
 * @example
 * floatText(100) // '100.0'
 * floatText(-0)  // '-0.0'
 * floatText(1.5e17) // '1.5e+17'
 */
export function floatText(value: number): string {
  if (!Number.isFinite(value)) return JSON.stringify(value);
  if (Math.abs(value) >= EXPONENT_FROM) return value.toExponential();
  if (!Number.isInteger(value)) return String(value);
  return Object.is(value, -0) ? '-0.0' : `${value}.0`;
}
