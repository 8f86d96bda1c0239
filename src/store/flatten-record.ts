/**
 * Flattening of API records into dot-path columns, with exactly the names and order that
 * `pandas.json_normalize(items)` gives, so scripts written for the notebooks run on our
 * exports unchanged.
 *
 * pandas (`_simple_json_normalize`) puts a record's top-level non-object values first, in key
 * order, then the leaves of its nested objects, depth first. An empty object yields no column.
 * Arrays are leaves (pandas keeps the list object); the store writes them as JSON text.
 *
 * Pure; lives in store/ until frame/ exists, then moves to src/frame/flatten.ts.
 */

/** A plain JSON object (what `JSON.parse` gives for `{…}`). */
export type JsonObject = { [key: string]: unknown };

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function visitNested(prefix: string, value: unknown, visit: (path: string, leaf: unknown) => void) {
  if (!isPlainObject(value)) {
    visit(prefix, value);
    return;
  }
  for (const key of Object.keys(value)) visitNested(`${prefix}.${key}`, value[key], visit);
}

/**
 * Calls `visit(path, value)` for every leaf of `record`, in json_normalize's column order.
 * Allocation-free apart from the path strings, for the ingest hot path.
 *
 * @example
 * forEachLeaf({ a: { b: 1 }, c: 2 }, (p, v) => console.log(p, v)); // "c" 2, then "a.b" 1
 */
export function forEachLeaf(
  record: JsonObject,
  visit: (path: string, value: unknown) => void,
): void {
  const keys = Object.keys(record);
  for (const key of keys) {
    const value = record[key];
    if (!isPlainObject(value)) visit(key, value);
  }
  for (const key of keys) {
    const value = record[key];
    if (isPlainObject(value)) {
      for (const inner of Object.keys(value)) visitNested(`${key}.${inner}`, value[inner], visit);
    }
  }
}

/**
 * One record as `{dotPath: value}`, keys in json_normalize's order.
 *
 * @example
 * flattenRecord({ _id: 'x', provenance: { settings: { fd_thres: 0.2 } }, snr: 5 })
 * // { _id: 'x', snr: 5, 'provenance.settings.fd_thres': 0.2 }
 */
export function flattenRecord(record: JsonObject): JsonObject {
  const out: JsonObject = {};
  forEachLeaf(record, (path, value) => {
    out[path] = value;
  });
  return out;
}
