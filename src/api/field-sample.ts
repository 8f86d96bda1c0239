/**
 * Values of a field the user adds as a facet: Eve has no "distinct", so they come from a sample
 * of the query's records (one page, projected to that field), most frequent first.
 */

/** Records a sample reads: one page, the most the server sends at once. */
export const SAMPLE_SIZE = 50;

export interface SampledValue {
  value: string | number | boolean;
  /** Records of the sample holding it. */
  seen: number;
}

/**
 * The distinct plain values (text, number, true/false) of a dotted field in `items`, most
 * frequent first (ties in first-seen order); lists, objects and missing values are skipped.
 * @example sampleValues([{bids_meta: {Manufacturer: 'GE'}}, {bids_meta: {Manufacturer: 'GE'}}], 'bids_meta.Manufacturer')
 *   // [{value: 'GE', seen: 2}]
 */
export function sampleValues(items: readonly unknown[], field: string): SampledValue[] {
  const seen = new Map<string | number | boolean, number>();
  for (const item of items) {
    const value = readPath(item, field);
    if (typeof value === 'string' || typeof value === 'boolean') {
      seen.set(value, (seen.get(value) ?? 0) + 1);
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      seen.set(value, (seen.get(value) ?? 0) + 1);
    }
  }
  return [...seen.entries()]
    .map(([value, count]) => ({ value, seen: count }))
    .sort((a, b) => b.seen - a.seen);
}

/**
 * A field name the user typed, trimmed, or why it can't be one.
 * @example checkFieldName(' bids_meta.EchoTime ') // {type: 'valid', field: 'bids_meta.EchoTime'}
 */
export function checkFieldName(
  text: string,
): { type: 'valid'; field: string } | { type: 'invalid'; message: string } {
  const field = text.trim();
  if (!field) return { type: 'invalid', message: 'Name a field, such as bids_meta.EchoTime.' };
  const parts = field.split('.');
  if (field.startsWith('$') || parts.some((part) => part === '' || RESERVED.has(part))) {
    return {
      type: 'invalid',
      message: `"${field}" is not a field name: use a dotted path such as bids_meta.EchoTime.`,
    };
  }
  return { type: 'valid', field };
}

/** Names JavaScript gives a meaning of their own (as where.ts refuses them in filters). */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

function readPath(item: unknown, field: string): unknown {
  let node = item;
  for (const part of field.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
