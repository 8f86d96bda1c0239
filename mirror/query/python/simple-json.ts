/**
 * A JSON reader with the rules of Python's `simplejson.loads`, which Eve uses for `where` and
 * `projection` (eve-api.md 2.2.1): NaN, Infinity and -Infinity are accepted, duplicate keys keep
 * the last value (at the first key's position), a leading BOM is skipped, integers are exact
 * (a bigint beyond 2^53), and strings may not hold raw control characters. Recursion is bounded,
 * so hostile nesting ends in {@link JsonTooDeep}, never a stack overflow.
 */

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The text is not JSON (simplejson raises JSONDecodeError). */
export class JsonSyntaxError extends Error {}

/** Nested deeper than the reader's bound (CPython would hit its recursion limit). */
export class JsonTooDeep extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;
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

class Reader {
  pos = 0;
  constructor(
    readonly text: string,
    readonly maxDepth: number,
  ) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at ${this.pos}`);
  }

  skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.test(this.text);
    this.pos = SPACE.lastIndex;
  }

  value(depth: number): JsonValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      if (depth >= this.maxDepth) throw new JsonTooDeep(`deeper than ${this.maxDepth}`);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('expected a value');
    this.pos = NUMBER.lastIndex;
    const text = match[0];
    if (match[1] !== undefined || match[2] !== undefined) return Number(text);
    const value = Number(text);
    // Python ints are exact: keep a bigint where a double would round.
    if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
    return BigInt(text);
  }

  string(): string {
    let out = '';
    let start = ++this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code < 0x20) this.fail('invalid control character');
      if (code === 0x22) break;
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(start, this.pos);
      out += this.escape();
      start = this.pos;
    }
    out += this.text.slice(start, this.pos);
    this.pos++;
    return out;
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

  object(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail("expected ':'");
      const value = this.value(depth);
      // defineProperty keeps a "__proto__" key an own property instead of a prototype change.
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === '}') return out;
      if (next !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === ']') return out;
      if (next !== ',') this.fail("expected ',' or ']'");
    }
  }
}

const WORDS: ReadonlyArray<[string, JsonValue]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

/** simplejson's `raw_decode` skips a BOM, also one mis-decoded as Latin-1 ("ï»¿"). */
function bomLength(text: string): number {
  if (text.startsWith('\ufeff')) return 1;
  return text.startsWith('\u00ef\u00bb\u00bf') ? 3 : 0;
}

/**
 * Parses `text` as simplejson would; throws JsonSyntaxError or JsonTooDeep.
 *
 * @example
 * parseSimpleJson('{"a": NaN, "a": 2}')   // { a: 2 }
 * parseSimpleJson('12345678901234567890') // 12345678901234567890n
 */
export function parseSimpleJson(text: string, maxDepth = 200): JsonValue {
  const reader = new Reader(text, maxDepth);
  reader.pos = bomLength(text);
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos !== text.length) reader.fail('extra data');
  return value;
}
