import { describe, expect, it } from 'vitest';
import { buildWhere } from './eve-url.ts';
import {
  countKey,
  facetCondition,
  hasCondition,
  planFacet,
  remainder,
  withCondition,
  withoutField,
} from './facets.ts';
import { stableStringify } from './where.ts';

const MANUFACTURER = 'bids_meta.Manufacturer';

describe('planFacet', () => {
  it('counts each value under the whole query, merged as the query itself would be', () => {
    const query = { software: 'mriqc', versions: [], filter: { size_x: 256 } };
    const [ge, missing] = planFacet(query, MANUFACTURER, ['GE', null]);
    expect(ge?.where).toEqual({
      'provenance.software': 'mriqc',
      size_x: 256,
      'bids_meta.Manufacturer': 'GE',
    });
    expect(missing?.where).toEqual({
      'provenance.software': 'mriqc',
      size_x: 256,
      'bids_meta.Manufacturer': { $exists: false },
    });
  });

  it('keeps a condition the query already has on the field (AND of both)', () => {
    const query = { software: 'mriqc', versions: ['22.0.6', '23.1.0'] };
    const [one] = planFacet(query, 'provenance.version', ['22.0.6']);
    expect(one?.where).toEqual({
      $and: [
        { 'provenance.software': 'mriqc' },
        { 'provenance.version': { $in: ['22.0.6', '23.1.0'] } },
        { 'provenance.version': '22.0.6' },
      ],
    });
  });

  it('gives a value the same count key as the query the facet link leads to', () => {
    const query = { software: 'mriqc', versions: [], filter: { size_x: 256 } };
    const [ge] = planFacet(query, MANUFACTURER, ['GE']);
    const linked = withCondition('{"size_x": 256}', MANUFACTURER, 'GE');
    if (linked.type !== 'valid') throw new Error(linked.message);
    const after = { ...query, filter: JSON.parse(linked.text) };
    expect(countKey(after)).toBe(ge?.key);
    expect(ge?.key).toBe(stableStringify(buildWhere(after)));
  });
});

describe('withCondition', () => {
  it.each([
    ['', 'GE', '{"bids_meta.Manufacturer": "GE"}'],
    ['{"size_x": 256}', 'GE', '{"size_x": 256, "bids_meta.Manufacturer": "GE"}'],
    // Replaces the field's own condition: the facet counted the value under it.
    [
      '{"bids_meta.Manufacturer": {"$in": ["GE", "Siemens"]}, "size_x": 256}',
      'GE',
      '{"size_x": 256, "bids_meta.Manufacturer": "GE"}',
    ],
    ['{}', null, '{"bids_meta.Manufacturer": {"$exists": false}}'],
    // Text with ":" and "," inside stays as it was.
    ['{"a": "x: y, z"}', 'GE', '{"a": "x: y, z", "bids_meta.Manufacturer": "GE"}'],
  ])('adds the condition to %j', (text, value, expected) => {
    expect(withCondition(text, MANUFACTURER, value)).toEqual({ type: 'valid', text: expected });
    expect(JSON.parse(expected)).toBeTypeOf('object');
  });

  it('leaves a filter that is not valid JSON alone, with the reason', () => {
    const result = withCondition('{"size_x": ', MANUFACTURER, 'GE');
    expect(result.type).toBe('invalid');
  });
});

describe('hasCondition', () => {
  it.each([
    ['{"bids_meta.Manufacturer": "GE"}', 'GE', true],
    ['{"bids_meta.Manufacturer": "GE"}', 'Siemens', false],
    ['{"bids_meta.Manufacturer": {"$exists": false}}', null, true],
    ['{"bids_meta.MagneticFieldStrength": 3}', 3, false], // another field
    ['not json', 'GE', false],
  ])('%s holds %j: %s', (text, value, expected) => {
    expect(hasCondition(text, MANUFACTURER, value)).toBe(expected);
  });
});

describe('remainder', () => {
  it('is the total minus the counted values, once all are known', () => {
    expect(remainder(100, [60, 30, 0])).toBe(10);
    expect(remainder(100, [60, undefined])).toBeUndefined();
    expect(remainder(undefined, [1])).toBeUndefined();
    // Counts taken a moment apart on a server receiving uploads can exceed the total.
    expect(remainder(10, [6, 5])).toBe(0);
  });
});

describe('facetCondition', () => {
  it('names a missing field with $exists: false', () => {
    expect(facetCondition('a.b', null)).toEqual({ 'a.b': { $exists: false } });
  });
  it('keeps a field named like an object property as data', () => {
    expect(Object.keys(facetCondition('constructor', 1))).toEqual(['constructor']);
  });
});

describe('withoutField', () => {
  it('takes the condition back out, leaving the rest as it was', () => {
    const added = withCondition('{"size_x": 256}', MANUFACTURER, 'GE');
    if (added.type !== 'valid') throw new Error(added.message);
    expect(withoutField(added.text, MANUFACTURER)).toBe('{"size_x": 256}');
    expect(withoutField('{"bids_meta.Manufacturer": "GE"}', MANUFACTURER)).toBe('');
    // Nothing to remove, or not JSON: the text is kept exactly as typed.
    expect(withoutField('{ "size_x":256 }', MANUFACTURER)).toBe('{ "size_x":256 }');
    expect(withoutField('{"size_x": ', MANUFACTURER)).toBe('{"size_x": ');
  });
});
