import { describe, expect, it } from 'vitest';
import { Double } from './double.ts';
import { JsonTooDeep } from './json-reader.ts';
import { parseStoredJson } from './stored-json.ts';

describe('parseStoredJson: JSON.parse that keeps floats floats', () => {
  it('reads a number written as a float as a double, whole ones as a Double', () => {
    expect(
      parseStoredJson('{"a": 100.0, "b": 1e2, "c": 100, "d": 0.5, "e": -0.0, "f": 2E-1}'),
    ).toEqual({
      a: new Double(100),
      b: new Double(100),
      c: 100,
      d: 0.5,
      e: new Double(-0),
      f: 0.2,
    });
  });

  it('reads everything else as JSON.parse does', () => {
    const text =
      '{"s": "a\\u00e9\\n", "t": [true, false, null], "big": 12345678901234567890, "o": {}}';
    expect(parseStoredJson(text)).toEqual(JSON.parse(text));
    const proto = parseStoredJson('{"__proto__": {"x": 1}}') as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });

  it.each(['NaN', '[1,]', '{"a": 01}', "{'a': 1}", '"\t"', '1 2'])(
    'refuses %j with JSON.parse’s own message',
    (text) => {
      let expected = '';
      try {
        JSON.parse(text);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).not.toBe('');
      expect(() => parseStoredJson(text)).toThrow(expected);
    },
  );

  it('refuses nesting deeper than 200 levels without overflowing the stack', () => {
    expect(() => parseStoredJson(`${'['.repeat(201)}${']'.repeat(201)}`)).toThrow(JsonTooDeep);
    expect(() => parseStoredJson('['.repeat(1_000_000))).toThrow(JsonTooDeep);
  });
});
