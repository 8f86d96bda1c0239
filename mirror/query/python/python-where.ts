import { isObjectIdHex, ObjectId } from '../../data/object-id.ts';
import { EveBadRequest, EveServerError } from '../errors.ts';
import { pyDatetime } from '../rfc1123.ts';
import { childNodes, type PyComplex, type PyConst, type PyNode } from './python-ast.ts';
import { PyNullByte } from './python-lexer.ts';
import { parsePython } from './python-parser.ts';

/**
 * Eve's Python-syntax `where` (eve/io/mongo/parser.py, `MongoVisitor`), replayed node by node
 * so that every bug-compatible quirk of eve-api.md 2.2.3 falls out of the same mechanics:
 * the visitor keeps one `current_value` that Name/Attribute/number/string nodes overwrite and
 * every other node merely walks through. Hence `size_x > -1` is `$gt: 1` (UnaryOp just visits
 * its operand), `x == True` is `{"x": "x"}` (bool constants have no handler, so the left name
 * stays), and `3 < x` puts a number key in the query (a 500 later).
 */

type PyValue = string | bigint | number | PyComplex | ObjectId | Date | null;

/** ast op class → Mongo operator; `in`, `not in`, `is`, `is not` raise KeyError (a 500). */
const OP_MAPPER: Record<string, string> = {
  '==': '',
  '>': '$gt',
  '>=': '$gte',
  '<': '$lt',
  '<=': '$lte',
  '!=': '$ne',
};

/** A query value as the JS filter holds it; bigints beyond 2^53 are left for the BSON check. */
function toFilterValue(value: PyValue): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}

function intArg(c: PyConst): number | null {
  if (c.t === 'bool') return c.v ? 1 : 0;
  if (c.t !== 'int') return null;
  const n = Number(c.v);
  return Number.isSafeInteger(n) ? n : null;
}

/** `datetime(*values)` inside Eve's try/except: null where Python raises. */
function datetimeOf(args: PyConst[]): Date | null {
  if (args.length < 3 || args.length > 8) return null;
  if (args.length === 8 && args[7]?.t !== 'none') return null;
  const ints = args.slice(0, 7).map(intArg);
  if (ints.some((n) => n === null)) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0, us = 0] = ints as number[];
  if (us < 0 || us > 999_999) return null;
  return pyDatetime(y as number, mo as number, d as number, h, mi, s, Math.floor(us / 1000));
}

class MongoVisitor {
  readonly query: Record<string, unknown> = {};
  readonly ops: Array<Array<Record<string, unknown>>> = [];
  current: PyValue = null;
  nonStringKey = false;

  /** `{left: value}`; a non-str key makes Eve's later `k.split('.')` raise (a 500). */
  entry(left: PyValue, value: unknown): [string, unknown] {
    if (typeof left === 'string') return [left, value];
    this.nonStringKey = true;
    return [`\u0000${String(left)}`, value];
  }

  store([key, value]: [string, unknown]): void {
    const list = this.ops.at(-1);
    if (list) list.push({ [key]: value });
    else
      Object.defineProperty(this.query, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }

  visit(node: PyNode): void {
    if (node.k === 'Compare') this.visitCompare(node);
    else if (node.k === 'BoolOp') this.visitBoolOp(node);
    else if (node.k === 'Call') this.visitCall(node);
    else if (node.k === 'Attribute') {
      this.visit(node.value);
      if (typeof this.current !== 'string') throw new EveServerError('TypeError: += on a non-str');
      this.current += `.${node.attr}`;
    } else if (node.k === 'Name') this.current = node.id;
    else if (node.k === 'Const') this.visitConstant(node.c);
    else for (const child of childNodes(node)) this.visit(child);
  }

  /** NodeVisitor.visit_Constant → visit_Num / visit_Str; bool, None, bytes, … have no handler. */
  visitConstant(c: PyConst): void {
    if (c.t === 'int' || c.t === 'float' || c.t === 'complex' || c.t === 'str') this.current = c.v;
  }

  visitCompare(node: Extract<PyNode, { k: 'Compare' }>): void {
    this.visit(node.left);
    const left = this.current;
    const operator = OP_MAPPER[node.ops[0] as string];
    if (operator === undefined) throw new EveServerError(`KeyError: ${node.ops[0]} in op_mapper`);
    const comparator = node.comparators[0];
    if (comparator) this.visit(comparator);
    const value = toFilterValue(this.current);
    this.store(this.entry(left, operator === '' ? value : { [operator]: value }));
  }

  visitBoolOp(node: Extract<PyNode, { k: 'BoolOp' }>): void {
    this.ops.push([]);
    for (const value of node.values) this.visit(value);
    const list = this.ops.pop();
    this.store([node.op === 'and' ? '$and' : '$or', list]);
  }

  /** Only `ObjectId("…")` and `datetime(Y, M, D[, h, m, s])` by bare name; other calls: nothing. */
  visitCall(node: Extract<PyNode, { k: 'Call' }>): void {
    if (node.func.k !== 'Name') return;
    if (node.func.id === 'ObjectId') {
      const arg = node.args[0];
      const c = arg?.k === 'Const' ? arg.c : null;
      if (c?.t === 'str' && isObjectIdHex(c.v)) this.current = new ObjectId(c.v);
      if (c?.t === 'bytes' && c.v.length === 12) {
        this.current = new ObjectId(c.v.map((b) => b.toString(16).padStart(2, '0')).join(''));
      }
    } else if (node.func.id === 'datetime') {
      // `arg.n` runs outside Eve's try: a non-constant argument is an AttributeError (500).
      const consts = node.args.map((arg) => {
        if (arg.k !== 'Const')
          throw new EveServerError('AttributeError: datetime() argument has no .n');
        return arg.c;
      });
      const date = datetimeOf(consts);
      if (date) this.current = date;
    }
  }

  /** visit_Module: each statement must be a comparison or and/or; an empty result is a 400. */
  run(statements: PyNode[]): Record<string, unknown> {
    for (const statement of statements) {
      if (statement.k !== 'Compare' && statement.k !== 'BoolOp') {
        throw new EveBadRequest('Will only parse conditional statements');
      }
      this.visit(statement);
    }
    if (Object.keys(this.query).length === 0) {
      throw new EveBadRequest('Only conditional statements with boolean and comparison operators');
    }
    if (this.nonStringKey) throw new EveServerError("a non-str key in where: 'split' fails");
    return this.query;
  }
}

/**
 * The Mongo query Eve's Python parser makes of `source` (before `_mongotize`).
 * Throws EveBadRequest (SyntaxError, ParseError) or EveServerError (what Eve does not catch).
 *
 * @example
 * parsePythonWhere('a==1 or b==2 and c==3') // { $or: [{ a: 1 }, { $and: [{ b: 2 }, { c: 3 }] }] }
 * parsePythonWhere('size_x>-1')             // { size_x: { $gt: 1 } }
 * parsePythonWhere('x==True')               // { x: 'x' }
 */
export function parsePythonWhere(source: string): Record<string, unknown> {
  let statements: PyNode[];
  try {
    statements = parsePython(source, 'exec');
  } catch (error) {
    // Python 3.11's compile() raises ValueError for NUL, which Eve does not catch.
    if (error instanceof PyNullByte) throw new EveServerError(error.message);
    throw error;
  }
  return new MongoVisitor().run(statements);
}
