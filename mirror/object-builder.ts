/**
 * Builds plain objects with a fixed key order, fast. Adding ~70 properties one by one with
 * computed names (`doc[name] = …`) pushes V8 objects into slow dictionary mode (~20 µs for a
 * document); an object literal compiled once per key list makes the same object in ~1 µs.
 * The keys come from our own tables and are JSON-quoted, so no input reaches the code.
 */

export type ObjectBuilder = (values: ArrayLike<unknown>) => Record<string, unknown>;

const cache = new Map<string, ObjectBuilder>();

/**
 * A function turning `values` (in `keys` order) into `{ [keys[i]]: values[i] }`.
 * Builders are cached by key list, so studies sharing a key set share one builder.
 *
 * @example
 * const build = objectBuilder(['a', 'b']);
 * build([1, 2]) // { a: 1, b: 2 }
 */
export function objectBuilder(keys: readonly string[]): ObjectBuilder {
  const cacheKey = keys.join('\u0000');
  let builder = cache.get(cacheKey);
  if (!builder) {
    const body = keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ');
    builder = new Function('v', `return { ${body} };`) as ObjectBuilder;
    cache.set(cacheKey, builder);
  }
  return builder;
}

export type DocumentBuilder = (
  id: unknown,
  iqms: Float64Array,
  offset: number,
  rest: ArrayLike<unknown>,
) => Record<string, unknown>;

/**
 * Top-level document builder: `_id`, the IQMs read from `iqms[offset + i]` (one record's
 * values are contiguous), then the given tail keys (bids_meta, provenance, dates, etag).
 *
 * @example
 * const build = documentBuilder(['cjv'], ['bids_meta']);
 * build('id', new Float64Array([0.4]), 0, [{}]) // { _id: 'id', cjv: 0.4, bids_meta: {} }
 */
export function documentBuilder(iqms: readonly string[], tail: readonly string[]): DocumentBuilder {
  const body = [
    '_id: id',
    ...iqms.map((k, i) => `${JSON.stringify(k)}: c[o + ${i}]`),
    ...tail.map((k, i) => `${JSON.stringify(k)}: r[${i}]`),
  ].join(', ');
  return new Function('id', 'c', 'o', 'r', `return { ${body} };`) as DocumentBuilder;
}
