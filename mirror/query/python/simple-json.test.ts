import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, JsonTooDeep, parseSimpleJson } from './simple-json.ts';

describe('parseSimpleJson: simplejson.loads rules (eve-api.md 2.2.1)', () => {
  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['[Infinity, -Infinity]', [Infinity, -Infinity]],
    ['{"a": 1, "b": 2, "a": 3}', { a: 3, b: 2 }],
    ['-0', 0],
    ['-0.0', -0],
    ['1.0', 1],
    ['1E2', 100],
    ['12345678901234567890', 12345678901234567890n],
    ['"\\u00e9\\/\\n"', 'é/\n'],
    ['"\\ud83d\\ude00"', '😀'],
    ['\ufeff[1]', [1]],
    ['\u00ef\u00bb\u00bf[1]', [1]], // a UTF-8 BOM read as Latin-1, also skipped
    [' \t\n\r{ "a" : [ ] } \n', { a: [] }],
  ])('parses %j', (text, expected) => {
    expect(parseSimpleJson(text)).toEqual(expected);
  });

  it('keeps "__proto__" as an own key, never as the prototype', () => {
    const value = parseSimpleJson('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it.each([
    '',
    ' ',
    '{',
    '[1,]',
    '{"a":1,}',
    "{'a':1}",
    '01',
    '+1',
    '.5',
    '1.',
    'nan',
    '-NaN',
    '"\t"',
    '"\\x41"',
    '"\\u12"',
    '[1] x',
    'True',
    '{"a" 1}',
  ])('rejects %j', (text) => {
    expect(() => parseSimpleJson(text)).toThrow(JsonSyntaxError);
  });

  it('bounds the nesting depth without recursion trouble', () => {
    expect(parseSimpleJson('[[[1]]]', 3)).toEqual([[[1]]]);
    expect(() => parseSimpleJson('[[[[1]]]]', 3)).toThrow(JsonTooDeep);
    expect(() => parseSimpleJson('['.repeat(1_000_000))).toThrow(JsonTooDeep);
  });
});
