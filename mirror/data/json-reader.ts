/**
 * A JSON reader for what JSON.parse can't do: tell `100.0` from `100` (a float from an int,
 * which MongoDB stores as different types), keep integers exact, accept Python's NaN and
 * Infinity, and bound the nesting so hostile input ends in {@link JsonTooDeep}, never a
 * stack overflow. Otherwise it reads RFC 8259 JSON as JSON.parse does: duplicate keys keep
 * the last value (at the first key's position), `__proto__` is an ordinary key, and strings
 * may not hold raw control characters.
 */

/** The text is not JSON. */
export class JsonSyntaxError extends Error {}

/** Nested deeper than the reader's bound. */
export class JsonTooDeep extends Error {}

/** What a reader accepts beyond RFC 8259, and what it makes of numbers. */
export interface JsonReadOptions {
  /** Nesting bound (arrays and objects); deeper text throws {@link JsonTooDeep}. */
  maxDepth: number;
  /** Accept the words NaN, Infinity and -Infinity (Python's json and simplejson do). */
  nonFinite?: boolean;
  /**
   * The value of a number literal, given its text and whether it is written as a float (with
   * a fraction or an exponent). Default: `Number(text)`, as JSON.parse.
   */
  number?: (text: string, isFloat: boolean) => unknown;
}

const plainNumber = (text: string): number => Number(text);

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** A run of string characters that need no attention: no quote, backslash or control. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold them raw.
const PLAIN = /[^"\\\u0000-\u001f]*/y;

const WORDS: ReadonlyArray<[string, unknown]> = [
  ['null', null],
  ['true', true],
  ['false', false],
];

const NON_FINITE: ReadonlyArray<[string, unknown]> = [
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Recursive descent over char codes (this runs once per number of a loaded data file). */
class Reader {
  pos = 0;
  readonly maxDepth: number;
  readonly words: ReadonlyArray<[string, unknown]>;
  readonly numberOf: (text: string, isFloat: boolean) => unknown;

  constructor(
    readonly text: string,
    options: JsonReadOptions,
  ) {
    this.maxDepth = options.maxDepth;
    this.words = options.nonFinite ? [...WORDS, ...NON_FINITE] : WORDS;
    this.numberOf = options.number ?? plainNumber;
  }

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at ${this.pos}`);
  }

  skipSpace(): void {
    while (isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  value(depth: number): unknown {
    this.skipSpace();
    const code = this.text.charCodeAt(this.pos);
    if (code === 0x7b || code === 0x5b) {
      if (depth >= this.maxDepth)
        throw new JsonTooDeep(`nested deeper than ${this.maxDepth} levels`);
      return code === 0x7b ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (code === 0x22) return this.string();
    if (isDigit(code) || (code === 0x2d && isDigit(this.text.charCodeAt(this.pos + 1)))) {
      return this.number();
    }
    for (const [word, value] of this.words) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail('expected a value');
  }

  /** `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`; the caller saw a digit, or '-' and a digit. */
  number(): unknown {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    if (text.charCodeAt(pos) === 0x30) pos++;
    else while (isDigit(text.charCodeAt(pos))) pos++;
    let isFloat = false;
    if (text.charCodeAt(pos) === 0x2e && isDigit(text.charCodeAt(pos + 1))) {
      isFloat = true;
      pos += 2;
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      const sign = text.charCodeAt(pos + 1);
      const first = sign === 0x2b || sign === 0x2d ? pos + 2 : pos + 1;
      if (isDigit(text.charCodeAt(first))) {
        isFloat = true;
        pos = first + 1;
        while (isDigit(text.charCodeAt(pos))) pos++;
      }
    }
    this.pos = pos;
    return this.numberOf(text.slice(start, pos), isFloat);
  }

  string(): string {
    let out = '';
    this.pos++;
    for (;;) {
      PLAIN.lastIndex = this.pos;
      PLAIN.test(this.text);
      if (PLAIN.lastIndex > this.pos) {
        out += this.text.slice(this.pos, PLAIN.lastIndex);
        this.pos = PLAIN.lastIndex;
      }
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        this.pos++;
        return out;
      }
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code < 0x20) this.fail('invalid control character');
      out += this.escape();
    }
  }

  escape(): string {
    const c = this.text[this.pos + 1] ?? '';
    if (c === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
      this.pos += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const mapped = ESCAPES[c];
    if (mapped === undefined) this.fail('invalid escape');
    this.pos += 2;
    return mapped;
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a key');
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos++) !== 0x3a) this.fail("expected ':'");
      const value = this.value(depth);
      // Assigned, "__proto__" would set the prototype; defined, it is an ordinary own key.
      if (key === '__proto__') {
        Object.defineProperty(out, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = value;
      }
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 0x7d) return out;
      if (next !== 0x2c) this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 0x5d) return out;
      if (next !== 0x2c) this.fail("expected ',' or ']'");
    }
  }
}

/**
 * Reads `text` as one JSON value; throws JsonSyntaxError or JsonTooDeep.
 *
 * @example
 * readJson('[1, 2.0]', { maxDepth: 10, number: (text, isFloat) => (isFloat ? `f${text}` : text) })
 * // ['1', 'f2.0']
 */
export function readJson(text: string, options: JsonReadOptions, start = 0): unknown {
  const reader = new Reader(text, options);
  reader.pos = start;
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos !== text.length) reader.fail('extra data');
  return value;
}
