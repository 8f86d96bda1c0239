import { buildWhere, type RecordQuery } from './eve-url.ts';
import { parseFieldFilter, stableStringify, type WhereObject } from './where.ts';

/**
 * Facets without aggregation: Eve has none, so the count of each value is one `max_results=1`
 * request for the query AND `field = value`, and "not recorded" one for `field` missing.
 */

/** A value to count; `null` stands for records without the field. */
export type FacetValue = string | number | boolean | null;

/** One request to make: the facet value and the whole `where` that counts it. */
export interface FacetRequest {
  field: string;
  value: FacetValue;
  /** Query AND condition, merged exactly as the query itself would be (see buildWhere). */
  where: WhereObject;
  /** `stableStringify(where)`: the cache key shared with the live count of the same `where`. */
  key: string;
}

/**
 * `{field: value}`, or `{field: {$exists: false}}` for "not recorded". Equality is MongoDB's:
 * exact and case-sensitive for text, 3 equal to 3.0 for numbers.
 * @example facetCondition('bids_meta.Manufacturer', 'GE') // {'bids_meta.Manufacturer': 'GE'}
 */
export function facetCondition(field: string, value: FacetValue): WhereObject {
  return Object.fromEntries([[field, value === null ? { $exists: false } : value]]);
}

/**
 * The requests counting each value of `field` under `query`.
 * @example planFacet({software: 'mriqc', versions: []}, 'bids_meta.MagneticFieldStrength', [3, 1.5])
 *   // [{value: 3, where: {'provenance.software': 'mriqc', 'bids_meta.MagneticFieldStrength': 3}, …}, …]
 */
export function planFacet(
  query: RecordQuery,
  field: string,
  values: readonly FacetValue[],
): FacetRequest[] {
  return values.map((value) => {
    // buildWhere never returns null here: the condition is a part of its own.
    const where = buildWhere(query, facetCondition(field, value)) ?? {};
    return { field, value, where, key: stableStringify(where) };
  });
}

/**
 * The count key of a whole query's `where` (no filter: `''`), shared by the live count and a
 * facet value whose condition makes the same `where`.
 * @example countKey({software: 'mriqc', versions: []}) // '{"provenance.software":"mriqc"}'
 */
export function countKey(query: RecordQuery): string {
  const where = buildWhere(query);
  return where ? stableStringify(where) : '';
}

/**
 * Records the counted values leave out: other spellings, values not yet counted. Values are
 * disjoint (one equality each, "not recorded" apart), so the rest is the total minus their sum;
 * undefined until every count is known.
 * @example remainder(100, [60, 30, 0]) // 10
 */
export function remainder(
  total: number | undefined,
  counts: readonly (number | undefined)[],
): number | undefined {
  if (total === undefined || counts.some((count) => count === undefined)) return undefined;
  return Math.max(0, total - counts.reduce<number>((sum, count) => sum + (count ?? 0), 0));
}

/**
 * The field filter text with `field = value` added (or put in place of the field's own
 * top-level condition), as the facet link does. A filter that is not valid JSON is left as it is.
 * @example withCondition('{"size_x": 256}', 'bids_meta.Manufacturer', 'GE')
 *   // '{"size_x": 256, "bids_meta.Manufacturer": "GE"}'
 */
export function withCondition(
  whereText: string,
  field: string,
  value: FacetValue,
): { type: 'valid'; text: string } | { type: 'invalid'; message: string } {
  const filter = parseFieldFilter(whereText);
  if (filter.type === 'invalid') return filter;
  const entries = Object.entries(filter.type === 'valid' ? filter.where : {}).filter(
    ([key]) => key !== field,
  );
  entries.push(...Object.entries(facetCondition(field, value)));
  return { type: 'valid', text: writeFilter(Object.fromEntries(entries)) };
}

/**
 * The field filter text without the field's top-level condition (the facet's × undoing its
 * link); `''` when nothing is left.
 * @example withoutField('{"size_x": 256, "bids_meta.Manufacturer": "GE"}', 'bids_meta.Manufacturer')
 *   // '{"size_x": 256}'
 */
export function withoutField(whereText: string, field: string): string {
  const filter = parseFieldFilter(whereText);
  if (filter.type !== 'valid' || !Object.hasOwn(filter.where, field)) return whereText;
  const entries = Object.entries(filter.where).filter(([key]) => key !== field);
  return entries.length === 0 ? '' : writeFilter(Object.fromEntries(entries));
}

/**
 * Whether the filter already holds exactly `field = value` at its top level.
 * @example hasCondition('{"bids_meta.Manufacturer": "GE"}', 'bids_meta.Manufacturer', 'GE') // true
 */
export function hasCondition(whereText: string, field: string, value: FacetValue): boolean {
  const filter = parseFieldFilter(whereText);
  if (filter.type !== 'valid' || !Object.hasOwn(filter.where, field)) return false;
  return (
    stableStringify(filter.where[field]) === stableStringify(facetCondition(field, value)[field])
  );
}

/**
 * One line, with a space after `:` and `,` as people write it (whole-number floats lose `.0`).
 * @example writeFilter({a: 1, b: 'x, y'}) // '{"a": 1, "b": "x, y"}'
 */
export function writeFilter(where: WhereObject): string {
  return JSON.stringify(where)
    .replace(/("(?:[^"\\]|\\.)*")|([:,])/g, (match, text: string | undefined) =>
      text ? text : `${match} `,
    )
    .trim();
}
