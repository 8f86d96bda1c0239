import { EveBadRequest } from '../errors.ts';
import { PyComplex, type PyConst } from './python-ast.ts';
import { INT_MAX_STR_DIGITS } from './python-text.ts';

/**
 * Number and string literals of Python 3.11 source, for the tokenizer (python-lexer.ts):
 * what CPython reads as the same literal value, and what it rejects (`fail`, a SyntaxError).
 */

// biome-ignore format: escape table
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Raises the caller's SyntaxError. */
export type Fail = (message: string) => never;

const DIGIT_PART = /\d(?:_?\d)*/y;
const RADIX_DIGITS: Record<string, RegExp> = {
  x: /(?:_?[0-9a-fA-F])+/y,
  o: /(?:_?[0-7])+/y,
  b: /(?:_?[01])+/y,
};

function matchAt(re: RegExp, src: string, at: number): string {
  re.lastIndex = at;
  const m = re.exec(src);
  return m ? m[0] : '';
}

function lexRadixInt(src: string, start: number, fail: Fail): { value: PyConst; end: number } {
  const radix = (src[start + 1] as string).toLowerCase();
  const digits = matchAt(RADIX_DIGITS[radix] as RegExp, src, start + 2);
  if (digits === '') fail('invalid number literal');
  const end = start + 2 + digits.length;
  if (src[end] === '_') fail('invalid number literal');
  return { value: { t: 'int', v: BigInt(`0${radix}${digits.replaceAll('_', '')}`) }, end };
}

/**
 * Reads a number literal starting at `start`: int (exact), float or imaginary.
 *
 * @example
 * lexNumberAt('x=0x1F', 2, fail) // { value: { t: 'int', v: 31n }, end: 6 }
 */
export function lexNumberAt(
  src: string,
  start: number,
  fail: Fail,
): { value: PyConst; end: number } {
  if (src[start] === '0' && /[xXoObB]/.test(src[start + 1] ?? ''))
    return lexRadixInt(src, start, fail);
  let end = start + matchAt(DIGIT_PART, src, start).length;
  let isFloat = false;
  if (src[end] === '.') {
    isFloat = true;
    end += 1 + matchAt(DIGIT_PART, src, end + 1).length;
  }
  if (src[end] === '_') fail('invalid decimal literal');
  const exponent = /[eE][+-]?\d(?:_?\d)*/y;
  exponent.lastIndex = end;
  if (exponent.test(src)) {
    isFloat = true;
    end = exponent.lastIndex;
  } else if (/[eE][+-]/y.test(src.slice(end, end + 2))) fail('invalid decimal literal');
  const text = src.slice(start, end).replaceAll('_', '');
  if (/[jJ]/.test(src[end] ?? '')) {
    return { value: { t: 'complex', v: new PyComplex(0, Number(text)) }, end: end + 1 };
  }
  if (isFloat) return { value: { t: 'float', v: Number(text) }, end };
  if (/^0+[1-9]/.test(text)) fail('leading zeros in decimal integer literals are not permitted');
  if (text.length > INT_MAX_STR_DIGITS)
    fail('Exceeds the limit (4300 digits) for integer string conversion');
  return { value: { t: 'int', v: BigInt(text) }, end };
}

/** The character(s) one escape stands for in a non-raw literal; `i` points at the backslash. */
function decodeEscape(src: string, i: number, bytes: boolean, fail: Fail): [string, number] {
  const c = src[i + 1] as string;
  if (c === '\n') return ['', 2];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 2];
  const octal = /[0-7]{1,3}/y;
  octal.lastIndex = i + 1;
  const oct = octal.exec(src)?.[0];
  if (oct)
    return [String.fromCharCode(Number.parseInt(oct, 8) & (bytes ? 0xff : 0xffff)), 1 + oct.length];
  const width = c === 'x' ? 2 : bytes ? 0 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (width > 0) {
    const hex = src.slice(i + 2, i + 2 + width);
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail(`truncated \\${c} escape`);
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff) fail('illegal Unicode character');
    return [String.fromCodePoint(cp), 2 + width];
  }
  if (c === 'N' && !bytes)
    throw new EveBadRequest('\\N{...} escapes are not supported by the mirror');
  return [`\\${c}`, 2];
}

/**
 * Reads a string literal body; `at` points at the opening quote (after any prefix).
 *
 * @example
 * lexStringBody('"a\\tb"', 0, false, false, fail) // { value: { t: 'str', v: 'a\tb' }, end: 6 }
 */
export function lexStringBody(
  src: string,
  at: number,
  raw: boolean,
  bytes: boolean,
  fail: Fail,
): { value: PyConst; end: number } {
  const quote = src[at] as string;
  const triple = src.startsWith(quote.repeat(3), at);
  const closer = triple ? quote.repeat(3) : quote;
  let i = at + closer.length;
  let text = '';
  for (;;) {
    if (i >= src.length) fail('unterminated string literal');
    const c = src[i] as string;
    if (c === '\n' && !triple) fail('unterminated string literal');
    if (c === '\\' && i + 1 >= src.length) fail('unterminated string literal');
    if (c !== '\\' && src.startsWith(closer, i)) break;
    if (c === '\\' && raw) {
      text += src.slice(i, i + 2);
      i += 2;
    } else if (c === '\\') {
      const [decoded, used] = decodeEscape(src, i, bytes, fail);
      text += decoded;
      i += used;
    } else {
      if (bytes && c.charCodeAt(0) > 0x7f) fail('bytes can only contain ASCII literal characters');
      text += c;
      i++;
    }
  }
  const end = i + closer.length;
  if (!bytes) return { value: { t: 'str', v: text }, end };
  return { value: { t: 'bytes', v: [...text].map((ch) => ch.charCodeAt(0)) }, end };
}
