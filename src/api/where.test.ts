import { describe, expect, it } from 'vitest';
import { parseFieldFilter, stableStringify } from './where.ts';

describe('parseFieldFilter', () => {
  const valid: [string, object][] = [
    ['{"bids_meta.MagneticFieldStrength": 3}', { 'bids_meta.MagneticFieldStrength': 3 }],
    ['  {"size_x": {"$gte": 256}}\n', { size_x: { $gte: 256 } }],
    [
      '{"$or": [{"snr_total": {"$gt": 10}}, {"cjv": {"$lt": 0.4}}]}',
      { $or: [{ snr_total: { $gt: 10 } }, { cjv: { $lt: 0.4 } }] },
    ],
    [
      '{"bids_meta.Manufacturer": {"$in": ["Siemens", "GE"]}}',
      { 'bids_meta.Manufacturer': { $in: ['Siemens', 'GE'] } },
    ],
    ['{"snr_total": {"$not": {"$gt": 10}}}', { snr_total: { $not: { $gt: 10 } } }],
    // Operator names are the server's to judge: it answers these with a readable 400.
    ['{"size_x": {"$regex": "^2"}}', { size_x: { $regex: '^2' } }],
    ['{"size_x": {"$foo": 1}}', { size_x: { $foo: 1 } }],
  ];
  it.each(valid)('accepts %s', (text, where) => {
    expect(parseFieldFilter(text)).toEqual({ type: 'valid', where });
  });

  it.each(['', '   ', '\n'])('treats %j as no filter', (text) => {
    expect(parseFieldFilter(text)).toEqual({ type: 'empty' });
  });

  const invalid: [string, RegExp][] = [
    ['{"size_x": ', /^This is not valid JSON \(.+\)\. Write an object such as/],
    ["{'size_x': 1}", /not valid JSON/],
    ['size_x > 2', /not valid JSON/],
    ['{"snr": NaN}', /not valid JSON/],
    ['[{"size_x": 1}]', /must be a JSON object in braces.*not a list\.$/],
    ['5', /not a number\.$/],
    ['null', /not null\.$/],
    ['"size_x"', /not a quoted string\.$/],
    ['{"": 1}', /field name is empty/],
    ['{"size_x": {"$in": 5}}', /^\$in needs a list of values in brackets/],
    ['{"a": {"$nin": "x"}}', /^\$nin needs a list/],
    ['{"$and": {}}', /^\$and needs a non-empty list of conditions/],
    ['{"$or": []}', /^\$or needs a non-empty list/],
    ['{"$nor": [1]}', /^\$nor needs a non-empty list/],
    ['{"$or": [{"a": {"$in": 1}}]}', /^\$in needs a list/],
    ['{"snr": {"$not": 3}}', /^\$not needs an operator object/],
    // Merged with the software condition, `__proto__` was dropped (issue 10, case 6).
    ['{"__proto__": {"x": 1}}', /^"__proto__" is not a field of MRIQC records: .*special meaning/],
    ['{"constructor": 1}', /^"constructor" is not a field of MRIQC records/],
    ['{"bids_meta.prototype": 1}', /^"bids_meta.prototype" is not a field.*"prototype" has/],
    ['{"$or": [{"a": 1}, {"__proto__": {"$gt": 1}}]}', /^"__proto__" is not a field/],
    ['{"a": {"__proto__": 1}}', /^"__proto__" is not a field/],
  ];
  it.each(invalid)('refuses %s', (text, message) => {
    const result = parseFieldFilter(text);
    expect(result.type).toBe('invalid');
    expect(result.type === 'invalid' && result.message).toMatch(message);
  });
});

describe('stableStringify', () => {
  it.each([
    [{ b: 1, a: { d: [2, 1], c: 0 } }, '{"a":{"c":0,"d":[2,1]},"b":1}'],
    [{ $or: [{ z: 1, y: 2 }] }, '{"$or":[{"y":2,"z":1}]}'],
    [[3, 'x', null], '[3,"x",null]'],
    ['text', '"text"'],
  ])('%j', (value, text) => {
    expect(stableStringify(value)).toBe(text);
  });

  it('keeps a `__proto__` key (JSON.parse makes it an own key; assignment would drop it)', () => {
    const value = JSON.parse('{"b": 1, "__proto__": {"x": 1}}');
    expect(stableStringify(value)).toBe('{"__proto__":{"x":1},"b":1}');
  });
});
