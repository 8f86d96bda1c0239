import { storedDouble } from './double.ts';
import { type JsonReadOptions, JsonSyntaxError, readJson } from './json-reader.ts';

/**
 * Reading records (data files, POST bodies) as MongoDB would store them: a number written as
 * a float stays a double even when whole (`100.0` → a Double), which JSON.parse would turn
 * into the int 100 and the wire would then serve as `100`.
 */

/** Deeper than MongoDB stores (100 levels) plus a saved page's wrapper; keeps the stack safe. */
const MAX_NESTING = 200;

const STORED: JsonReadOptions = {
  maxDepth: MAX_NESTING,
  number: (text, isFloat) => (isFloat ? storedDouble(Number(text)) : Number(text)),
};

/**
 * JSON.parse, keeping whole-number floats as Doubles. Accepts exactly what JSON.parse
 * accepts, and a syntax error is JSON.parse's own (its message says where the text breaks);
 * nesting deeper than 200 levels throws JsonTooDeep.
 *
 * @example
 * parseStoredJson('{"size_x": 100.0, "dummy_trs": 0}') // { size_x: Double(100), dummy_trs: 0 }
 */
export function parseStoredJson(text: string): unknown {
  try {
    return readJson(text, STORED);
  } catch (error) {
    if (error instanceof JsonSyntaxError) JSON.parse(text);
    throw error;
  }
}
