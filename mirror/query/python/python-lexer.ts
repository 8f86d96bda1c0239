import { EveBadRequest } from '../errors.ts';
import type { PyConst } from './python-ast.ts';
import { lexNumberAt, lexStringBody } from './python-literal-lexer.ts';

/**
 * A tokenizer for the part of Python 3.11 that `where` and `sort` can contain (eve-api.md
 * 2.2.3, 2.3). Whatever CPython's tokenizer rejects raises {@link PySyntaxError} (Eve: 400);
 * valid syntax this mirror does not model (f-strings, `\N{…}`) raises a plain EveBadRequest.
 */

/** CPython raised SyntaxError: Eve's ParseError, a 400. */
export class PySyntaxError extends EveBadRequest {}

/** `ast.parse` of a string with NUL raises ValueError in Python 3.11 (not SyntaxError). */
export class PyNullByte extends Error {}

export type Token =
  | { t: 'name'; v: string; pos: number }
  | { t: 'num'; c: PyConst; pos: number }
  | { t: 'str'; c: PyConst; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'newline'; pos: number }
  | { t: 'end'; pos: number };

/** CPython's tokenizer limit: "too many nested parentheses" (MAXLEVEL). */
export const MAX_BRACKET_DEPTH = 200;

// biome-ignore format: one operator table
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', ':=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<>',
  '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',',
  ':', '.', ';', '=',
];
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf']);
const ID_START = /^[\p{ID_Start}_]$/u;
const ID_CONTINUE = /^\p{ID_Continue}$/u;

function isIdentChar(code: number): boolean {
  // CPython's is_potential_identifier_char: ASCII letters, digits, '_', anything non-ASCII.
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code >= 0x80
  );
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

class Lexer {
  pos = 0;
  readonly tokens: Token[] = [];
  readonly brackets: string[] = [];

  constructor(readonly src: string) {}

  fail(message: string): never {
    throw new PySyntaxError(`${message} (at ${this.pos})`);
  }

  run(): Token[] {
    while (this.startLine()) {
      while (this.pos < this.src.length && this.lexToken()) {
        // lexToken returns false at the end of a logical line
      }
    }
    if (this.brackets.length > 0) this.fail(`'${this.brackets.at(-1)}' was never closed`);
    this.pushNewline();
    this.tokens.push({ t: 'end', pos: this.pos });
    return this.tokens;
  }

  pushNewline(): void {
    const last = this.tokens.at(-1);
    if (last && last.t !== 'newline') this.tokens.push({ t: 'newline', pos: this.pos });
  }

  /** Skips blank and comment lines; a statement line may not be indented. False at EOF. */
  startLine(): boolean {
    for (;;) {
      let column = 0;
      while (' \t\f'.includes(this.src[this.pos] ?? 'x')) {
        column = this.src[this.pos] === '\f' ? 0 : column + 1;
        this.pos++;
      }
      const ch = this.src[this.pos];
      if (ch === undefined) return false;
      if (ch === '#') this.skipComment();
      if (this.src[this.pos] === '\n') {
        this.pos++;
        continue;
      }
      if (this.pos >= this.src.length) return false;
      // Only compound statements may indent, and this subset has none: IndentationError.
      if (column > 0) this.fail('unexpected indent');
      return true;
    }
  }

  skipComment(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
  }

  /** One token (or skipped blank/comment); false when a logical line ended. */
  lexToken(): boolean {
    const ch = this.src[this.pos] as string;
    if (ch === ' ' || ch === '\t' || ch === '\f') {
      this.pos++;
      return true;
    }
    if (ch === '#') {
      this.skipComment();
      return true;
    }
    if (ch === '\n') {
      this.pos++;
      if (this.brackets.length > 0) return true;
      this.pushNewline();
      return false;
    }
    if (ch === '\\') return this.lexContinuation();
    const code = ch.charCodeAt(0);
    if (isIdentChar(code) && !isDigit(ch)) this.lexName();
    else if (isDigit(ch) || (ch === '.' && isDigit(this.src[this.pos + 1]))) this.lexNumber();
    else if (ch === '"' || ch === "'") this.lexString('');
    else this.lexOperator();
    return true;
  }

  lexContinuation(): boolean {
    if (this.pos + 1 >= this.src.length) this.fail('unexpected EOF while parsing');
    if (this.src[this.pos + 1] !== '\n') this.fail('unexpected character after line continuation');
    this.pos += 2;
    return true;
  }

  lexName(): void {
    const start = this.pos;
    while (this.pos < this.src.length && isIdentChar(this.src.charCodeAt(this.pos))) this.pos++;
    const raw = this.src.slice(start, this.pos);
    const quote = this.src[this.pos];
    if ((quote === '"' || quote === "'") && STRING_PREFIXES.has(raw.toLowerCase())) {
      this.lexString(raw);
      return;
    }
    // Identifiers are NFKC-normalised, then must be XID_Start XID_Continue*.
    const name = raw.normalize('NFKC');
    const chars = [...name];
    const valid = ID_START.test(chars[0] ?? '') && chars.slice(1).every((c) => ID_CONTINUE.test(c));
    if (!valid) this.fail('invalid character in identifier');
    this.tokens.push({ t: 'name', v: name, pos: start });
  }

  lexOperator(): void {
    const op = OPERATORS.find((candidate) => this.src.startsWith(candidate, this.pos));
    if (op === undefined) this.fail(`invalid character '${this.src[this.pos]}'`);
    if (op === '(' || op === '[' || op === '{') {
      this.brackets.push(op);
      if (this.brackets.length > MAX_BRACKET_DEPTH) this.fail('too many nested parentheses');
    } else if (op in CLOSERS) {
      if (this.brackets.pop() !== CLOSERS[op]) this.fail(`unmatched '${op}'`);
    }
    this.tokens.push({ t: 'op', v: op, pos: this.pos });
    this.pos += op.length;
  }

  lexNumber(): void {
    const start = this.pos;
    const c = lexNumberAt(this.src, start, (message) => this.fail(message));
    this.pos = c.end;
    this.verifyEndOfNumber();
    this.tokens.push({ t: 'num', c: c.value, pos: start });
  }

  /**
   * CPython's verify_end_of_number: a literal may touch a following `and`, `else`, `for`,
   * `if`, `in`, `is`, `not` or `or` (a DeprecationWarning in 3.11), any other identifier
   * character is "invalid decimal literal".
   */
  verifyEndOfNumber(): void {
    const rest = this.src.slice(this.pos, this.pos + 4);
    if (/^(and|else|for|i[fns]|or|not)/.test(rest)) return;
    if (this.pos < this.src.length && isIdentChar(this.src.charCodeAt(this.pos))) {
      this.fail('invalid decimal literal');
    }
  }

  lexString(prefix: string): void {
    const start = this.pos - prefix.length;
    const kind = prefix.toLowerCase();
    if (kind.includes('f')) throw new EveBadRequest('f-strings are not supported by the mirror');
    const lit = lexStringBody(this.src, this.pos, kind.includes('r'), kind.includes('b'), (m) =>
      this.fail(m),
    );
    this.pos = lit.end;
    this.tokens.push({ t: 'str', c: lit.value, pos: start });
  }
}

/**
 * Tokenizes Python source (universal newlines applied first, as `compile()` does).
 *
 * @example
 * tokenize('a==1').map((t) => t.t) // ['name', 'op', 'num', 'newline', 'end']
 */
export function tokenize(source: string): Token[] {
  if (source.includes('\0')) throw new PyNullByte('source code string cannot contain null bytes');
  return new Lexer(source.replace(/\r\n?/g, '\n')).run();
}
