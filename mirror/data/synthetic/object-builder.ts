import { storedDouble } from '../double.ts';

/**
 * Builds plain objects with a fixed key order, fast. Adding ~70 properties one by one with
 * computed names (`doc[name] = …`) pushes V8 objects into slow dictionary mode (~20 µs for a
 * document); an object literal compiled once per key list makes the same object in ~1 µs.
 * The keys come from our own tables and are JSON-quoted, so no input reaches the code.
 */

/** Builds an object from the static values `v` and up to six per-record values. */
export type ObjectBuilder = (
  v: readonly unknown[],
  ...perRecord: unknown[]
) => Record<string, unknown>;

const cache = new Map<string, ObjectBuilder>();

/**
 * A function building `{ [keys[i]]: value }` in `keys` order, where the value is the
 * per-record argument for keys in `perRecord` (by argument position), a copy of `v[i]` for
 * keys in `arrays` (so no two documents share an array), and `v[i]` otherwise. Passing the
 * per-record values as arguments avoids copying `v`. Cached by layout, so studies with the
 * same keys share one builder.
 *
 * @example
 * const build = objectBuilder(['a', 'b', 'subject_id'], ['subject_id'], []);
 * build([1, 2, ''], 'abc') // { a: 1, b: 2, subject_id: 'abc' }
 */
export function objectBuilder(
  keys: readonly string[],
  perRecord: readonly string[],
  arrays: readonly string[],
): ObjectBuilder {
  const cacheKey = [keys.join('\u0001'), perRecord.join('\u0001'), arrays.join('\u0001')].join(
    '\u0000',
  );
  let builder = cache.get(cacheKey);
  if (!builder) {
    const value = (k: string, i: number) => {
      const arg = perRecord.indexOf(k);
      if (arg >= 0) return `a${arg}`;
      return arrays.includes(k) ? `v[${i}].slice()` : `v[${i}]`;
    };
    const body = keys.map((k, i) => `${JSON.stringify(k)}: ${value(k, i)}`).join(', ');
    const args = perRecord.map((_, i) => `a${i}`);
    builder = new Function('v', ...args, `return { ${body} };`) as ObjectBuilder;
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
 * values are contiguous), then the given tail keys (bids_meta, provenance, dates, etag). The
 * IQMs named in `doubles` are stored as doubles: a whole value becomes a Double, so it keeps
 * its `.0` on the wire.
 *
 * @example
 * const build = documentBuilder(['cjv', 'size_t'], ['bids_meta'], new Set(['size_t']));
 * build('id', new Float64Array([0.4, 120]), 0, [{}]) // { _id: 'id', cjv: 0.4, size_t: Double(120), bids_meta: {} }
 */
export function documentBuilder(
  iqms: readonly string[],
  tail: readonly string[],
  doubles: ReadonlySet<string>,
): DocumentBuilder {
  const body = [
    '_id: id',
    ...iqms.map(
      (k, i) => `${JSON.stringify(k)}: ${doubles.has(k) ? `d(c[o + ${i}])` : `c[o + ${i}]`}`,
    ),
    ...tail.map((k, i) => `${JSON.stringify(k)}: r[${i}]`),
  ].join(', ');
  const make = new Function('d', `return (id, c, o, r) => ({ ${body} });`);
  return make(storedDouble) as DocumentBuilder;
}
