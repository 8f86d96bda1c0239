import { PyComplex, type PyConst, type PyNode } from './python-ast.ts';

/**
 * `ast.literal_eval` (Python 3.11) over a parsed expression, as Eve uses it for `sort`
 * (eve-api.md 2.3): constants, tuples, lists, sets, `set()`, dicts, signed numbers and
 * `real ± imag`. Anything else is "malformed" (ValueError), which sends Eve to its
 * comma-separated fallback.
 */

export type PyLiteral =
  | PyConst
  | { t: 'tuple' | 'list' | 'set'; items: PyLiteral[] }
  | { t: 'dict'; entries: Array<[PyLiteral, PyLiteral]> };

/** literal_eval raised ValueError ("malformed node or string"). */
export class LiteralMalformed extends Error {}

/** A list, dict or set used as a dict key or set item: TypeError (unhashable). */
export class LiteralUnhashable extends Error {}

function isNumber(c: PyLiteral): boolean {
  return c.t === 'int' || c.t === 'float' || c.t === 'complex';
}

function convertNumber(node: PyNode): PyConst {
  if (node.k !== 'Const' || !isNumber(node.c))
    throw new LiteralMalformed(`malformed node: ${node.k}`);
  return node.c;
}

function negate(c: PyConst): PyConst {
  if (c.t === 'int') return { t: 'int', v: -c.v };
  if (c.t === 'float') return { t: 'float', v: -c.v };
  if (c.t === 'complex') return { t: 'complex', v: new PyComplex(-c.v.real, -c.v.imag) };
  return c;
}

function convertSigned(node: PyNode): PyConst {
  if (node.k === 'UnaryOp' && (node.op === '+' || node.op === '-')) {
    const operand = convertNumber(node.operand);
    return node.op === '-' ? negate(operand) : operand;
  }
  return convertNumber(node);
}

function hashable(value: PyLiteral): PyLiteral {
  if (value.t === 'list' || value.t === 'dict' || value.t === 'set') {
    throw new LiteralUnhashable(`unhashable type: '${value.t}'`);
  }
  if (value.t === 'tuple') value.items.forEach(hashable);
  return value;
}

/** `real ± imagj`: the one BinOp literal_eval accepts. */
function convertComplexSum(node: Extract<PyNode, { k: 'BinOp' }>): PyConst {
  const left = convertSigned(node.left);
  const right = convertNumber(node.right);
  if ((left.t === 'int' || left.t === 'float') && right.t === 'complex') {
    const sign = node.op === '+' ? 1 : -1;
    return { t: 'complex', v: new PyComplex(Number(left.v), sign * right.v.imag) };
  }
  return convertSigned(node);
}

/** A key for Python's dict semantics: equal keys keep the first position, last value. */
function keyOf(value: PyLiteral): string {
  if (value.t === 'tuple') return `(${value.items.map(keyOf).join(',')})`;
  if (value.t === 'int' || value.t === 'float' || value.t === 'bool') return `n${Number(value.v)}`;
  if (value.t === 'str') return `s${value.v}`;
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
}

function convertDict(node: Extract<PyNode, { k: 'Dict' }>): PyLiteral {
  const entries = new Map<string, [PyLiteral, PyLiteral]>();
  node.keys.forEach((keyNode, i) => {
    const key = hashable(literalEval(keyNode));
    const value = literalEval(node.values[i] as PyNode);
    const id = keyOf(key);
    const existing = entries.get(id);
    entries.set(id, [existing ? existing[0] : key, value]);
  });
  return { t: 'dict', entries: [...entries.values()] };
}

/**
 * Evaluates a literal expression. Throws LiteralMalformed (ValueError) or LiteralUnhashable
 * (TypeError).
 *
 * @example
 * literalEval(parsePython('[("x", -1)]', 'eval')[0]!)
 * // { t: 'list', items: [{ t: 'tuple', items: [{ t: 'str', v: 'x' }, { t: 'int', v: -1n }] }] }
 */
export function literalEval(node: PyNode): PyLiteral {
  switch (node.k) {
    case 'Const':
      return node.c;
    case 'Tuple':
    case 'List':
      return { t: node.k === 'Tuple' ? 'tuple' : 'list', items: node.elts.map(literalEval) };
    case 'Set':
      return { t: 'set', items: node.elts.map((elt) => hashable(literalEval(elt))) };
    case 'Dict':
      return convertDict(node);
    case 'Call':
      if (
        node.func.k === 'Name' &&
        node.func.id === 'set' &&
        !node.args.length &&
        !node.keywords.length
      ) {
        return { t: 'set', items: [] };
      }
      break;
    case 'BinOp':
      if (node.op === '+' || node.op === '-') return convertComplexSum(node);
      break;
  }
  return convertSigned(node);
}

/**
 * Python truthiness of a literal.
 *
 * @example
 * literalTruthy({ t: 'list', items: [] }) // false
 */
export function literalTruthy(value: PyLiteral): boolean {
  switch (value.t) {
    case 'int':
      return value.v !== 0n;
    case 'float':
      return value.v !== 0;
    case 'complex':
      return value.v.real !== 0 || value.v.imag !== 0;
    case 'str':
    case 'bytes':
      return value.v.length > 0;
    case 'bool':
      return value.v;
    case 'none':
      return false;
    case 'ellipsis':
      return true;
    case 'dict':
      return value.entries.length > 0;
    default:
      return value.items.length > 0;
  }
}
