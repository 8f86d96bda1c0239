import { EveBadRequest } from '../errors.ts';
import {
  type CompareOp,
  MAX_AST_DEPTH,
  makeNode,
  type PyConst,
  type PyNode,
} from './python-ast.ts';
import { PySyntaxError, type Token, tokenize } from './python-lexer.ts';

/**
 * A recursive-descent parser for Python 3.11 expression statements, producing the `ast` nodes
 * Eve's visitor and `ast.literal_eval` inspect (eve-api.md 2.2.3, 2.3). Syntax errors raise
 * {@link PySyntaxError}; valid Python outside the modelled subset (lambda, comprehensions,
 * starred items, `:=`, `await`, non-expression statements) raises a plain EveBadRequest.
 * Recursion is bounded, so no input can exhaust the stack.
 */

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try ' +
    'while with yield'
  ).split(' '),
);
// biome-ignore format: precedence table
const BINARY_PRECEDENCE: Record<string, number> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6, '@': 6,
};
/** Keywords that can start an expression; any other keyword starts a statement. */
const EXPRESSION_KEYWORDS = new Set(['not', 'lambda', 'await', 'True', 'False', 'None']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const CONSTANT_KEYWORDS: Record<string, PyConst> = {
  True: { t: 'bool', v: true },
  False: { t: 'bool', v: false },
  None: { t: 'none' },
};

function unsupported(what: string): never {
  throw new EveBadRequest(`${what} is valid Python the mirror does not model`);
}

class Parser {
  i = 0;
  nesting = 0;

  constructor(readonly toks: Token[]) {}

  get tok(): Token {
    return this.toks[this.i] as Token;
  }

  peek(offset = 1): Token | undefined {
    return this.toks[this.i + offset];
  }

  fail(message = 'invalid syntax'): never {
    throw new PySyntaxError(`${message} (token ${this.i})`);
  }

  /** The current token's type (a method, so TypeScript does not narrow across advances). */
  at(type: Token['t']): boolean {
    return this.tok.t === type;
  }

  isOp(v: string, tok: Token | undefined = this.tok): boolean {
    return tok?.t === 'op' && tok.v === v;
  }

  isKw(v: string, tok: Token | undefined = this.tok): boolean {
    return tok?.t === 'name' && tok.v === v;
  }

  expectOp(v: string): void {
    if (!this.isOp(v)) this.fail(`expected '${v}'`);
    this.i++;
  }

  /** Guards every self-recursive rule: deeper input is refused before the stack is at risk. */
  enter(): void {
    if (++this.nesting > MAX_AST_DEPTH)
      throw new EveBadRequest('Python expression nested too deeply');
  }

  leave(): void {
    this.nesting--;
  }

  /** `exec` mode: `stmt (';' stmt)* [';'] NEWLINE`, repeated. */
  file(): PyNode[] {
    const statements: PyNode[] = [];
    while (!this.at('end')) {
      statements.push(this.statement());
      while (this.isOp(';')) {
        this.i++;
        if (this.at('newline') || this.at('end')) break;
        statements.push(this.statement());
      }
      if (this.at('newline')) this.i++;
      else if (!this.at('end')) this.fail();
    }
    return statements;
  }

  /** `eval` mode: one expression list, then only newlines. */
  evalInput(): PyNode {
    const node = this.starExpressions();
    while (this.at('newline')) this.i++;
    if (!this.at('end')) this.fail();
    return node;
  }

  statement(): PyNode {
    const tok = this.tok;
    if (tok.t === 'name' && KEYWORDS.has(tok.v) && !EXPRESSION_KEYWORDS.has(tok.v)) {
      unsupported(`a '${tok.v}' statement`);
    }
    return this.starExpressions();
  }

  startsExpression(tok: Token): boolean {
    if (tok.t === 'num' || tok.t === 'str') return true;
    if (tok.t === 'name') return !KEYWORDS.has(tok.v) || EXPRESSION_KEYWORDS.has(tok.v);
    return tok.t === 'op' && ['(', '[', '{', '-', '+', '~', '*', '...'].includes(tok.v);
  }

  starExpressions(): PyNode {
    const first = this.expression();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.isOp(',')) {
      this.i++;
      if (!this.startsExpression(this.tok)) break;
      elts.push(this.expression());
    }
    return makeNode({ k: 'Tuple', elts });
  }

  expression(): PyNode {
    this.enter();
    if (this.isOp('*')) unsupported('a starred expression');
    if (this.isKw('lambda')) unsupported('lambda');
    let node = this.disjunction();
    if (this.isKw('if')) {
      this.i++;
      const test = this.disjunction();
      if (!this.isKw('else')) this.fail("expected 'else'");
      this.i++;
      node = makeNode({ k: 'IfExp', test, body: node, orelse: this.expression() });
    }
    if (this.isOp(':=')) unsupported('an assignment expression');
    this.leave();
    return node;
  }

  boolChain(op: 'or' | 'and', next: () => PyNode): PyNode {
    const first = next();
    if (!this.isKw(op)) return first;
    const values = [first];
    while (this.isKw(op)) {
      this.i++;
      values.push(next());
    }
    return makeNode({ k: 'BoolOp', op, values });
  }

  disjunction(): PyNode {
    return this.boolChain('or', () => this.conjunction());
  }

  conjunction(): PyNode {
    return this.boolChain('and', () => this.inversion());
  }

  inversion(): PyNode {
    if (!this.isKw('not')) return this.comparison();
    this.enter();
    this.i++;
    const node = makeNode({ k: 'UnaryOp', op: 'not', operand: this.inversion() });
    this.leave();
    return node;
  }

  compareOp(): CompareOp | null {
    const tok = this.tok;
    if (tok.t === 'op' && COMPARE_OPS.has(tok.v)) return tok.v as CompareOp;
    if (this.isKw('in')) return 'in';
    if (this.isKw('not') && this.isKw('in', this.peek())) return 'not in';
    if (this.isKw('is')) return this.isKw('not', this.peek()) ? 'is not' : 'is';
    return null;
  }

  comparison(): PyNode {
    const left = this.binary(1);
    const ops: CompareOp[] = [];
    const comparators: PyNode[] = [];
    for (let op = this.compareOp(); op !== null; op = this.compareOp()) {
      this.i += op.includes(' ') ? 2 : 1;
      ops.push(op);
      comparators.push(this.binary(1));
    }
    return ops.length === 0 ? left : makeNode({ k: 'Compare', left, ops, comparators });
  }

  /** Precedence climbing over `| ^ & << >> + - * / // % @` (all left-associative). */
  binary(minPrecedence: number): PyNode {
    let left = this.factor();
    for (;;) {
      const tok = this.tok;
      const precedence = tok.t === 'op' ? BINARY_PRECEDENCE[tok.v] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.i++;
      const right = this.binary(precedence + 1);
      left = makeNode({ k: 'BinOp', op: (tok as { v: string }).v, left, right });
    }
  }

  factor(): PyNode {
    const tok = this.tok;
    if (tok.t !== 'op' || !['+', '-', '~'].includes(tok.v)) return this.power();
    this.enter();
    this.i++;
    const node = makeNode({ k: 'UnaryOp', op: tok.v as '+' | '-' | '~', operand: this.factor() });
    this.leave();
    return node;
  }

  power(): PyNode {
    if (this.isKw('await')) unsupported('await');
    const base = this.primary();
    if (!this.isOp('**')) return base;
    this.enter();
    this.i++;
    const node = makeNode({ k: 'BinOp', op: '**', left: base, right: this.factor() });
    this.leave();
    return node;
  }

  primary(): PyNode {
    let node = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        const name = this.tok;
        if (name.t !== 'name' || KEYWORDS.has(name.v)) this.fail('expected an attribute name');
        this.i++;
        node = makeNode({ k: 'Attribute', value: node, attr: name.v });
      } else if (this.isOp('(')) node = this.call(node);
      else if (this.isOp('[')) node = this.subscript(node);
      else return node;
    }
  }

  call(func: PyNode): PyNode {
    this.i++;
    const args: PyNode[] = [];
    const keywords: Array<{ arg: string | null; value: PyNode }> = [];
    while (!this.isOp(')')) {
      this.argument(args, keywords);
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expectOp(')');
    return makeNode({ k: 'Call', func, args, keywords });
  }

  argument(args: PyNode[], keywords: Array<{ arg: string | null; value: PyNode }>): void {
    const tok = this.tok;
    if (this.isOp('*') || this.isOp('**')) {
      this.i++;
      if (tok.t === 'op' && tok.v === '**') keywords.push({ arg: null, value: this.expression() });
      else if (keywords.some((kw) => kw.arg === null))
        this.fail('iterable unpacking follows keyword unpacking');
      else args.push(makeNode({ k: 'Starred', value: this.expression() }));
      return;
    }
    if (tok.t === 'name' && !KEYWORDS.has(tok.v) && this.isOp('=', this.peek())) {
      if (keywords.some((kw) => kw.arg === tok.v)) this.fail('keyword argument repeated');
      this.i += 2;
      keywords.push({ arg: tok.v, value: this.expression() });
      return;
    }
    const value = this.expression();
    if (this.isKw('for') || this.isKw('async')) unsupported('a generator expression');
    if (keywords.length > 0) this.fail('positional argument follows keyword argument');
    args.push(value);
  }

  subscript(value: PyNode): PyNode {
    this.i++;
    if (this.isOp(']')) this.fail();
    const items = [this.slice()];
    let tuple = false;
    while (this.isOp(',')) {
      this.i++;
      tuple = true;
      if (this.isOp(']')) break;
      items.push(this.slice());
    }
    this.expectOp(']');
    const slice = tuple ? makeNode({ k: 'Tuple', elts: items }) : (items[0] as PyNode);
    return makeNode({ k: 'Subscript', value, slice });
  }

  slice(): PyNode {
    const ends = (): boolean => this.isOp(':') || this.isOp(',') || this.isOp(']');
    const lower = this.isOp(':') ? null : this.expression();
    if (!this.isOp(':')) return lower as PyNode;
    this.i++;
    const upper = ends() ? null : this.expression();
    let step: PyNode | null = null;
    if (this.isOp(':')) {
      this.i++;
      step = this.isOp(',') || this.isOp(']') ? null : this.expression();
    }
    return makeNode({ k: 'Slice', lower, upper, step });
  }

  atom(): PyNode {
    const tok = this.tok;
    if (tok.t === 'num') {
      this.i++;
      return makeNode({ k: 'Const', c: tok.c });
    }
    if (tok.t === 'str') return this.strings();
    if (tok.t === 'name') {
      const constant = CONSTANT_KEYWORDS[tok.v];
      if (constant === undefined && KEYWORDS.has(tok.v)) {
        if (tok.v === 'yield') unsupported('yield');
        this.fail();
      }
      this.i++;
      return makeNode(constant ? { k: 'Const', c: constant } : { k: 'Name', id: tok.v });
    }
    if (this.isOp('(')) return this.display(')', 'Tuple');
    if (this.isOp('[')) return this.display(']', 'List');
    if (this.isOp('{')) return this.braces();
    if (this.isOp('...')) {
      this.i++;
      return makeNode({ k: 'Const', c: { t: 'ellipsis' } });
    }
    return this.fail();
  }

  /** Adjacent literals concatenate; bytes and str cannot mix. */
  strings(): PyNode {
    const parts: PyConst[] = [];
    for (let tok = this.tok; tok.t === 'str'; tok = this.tok) {
      parts.push(tok.c);
      this.i++;
    }
    const bytes = parts.filter((p) => p.t === 'bytes').length;
    if (bytes !== 0 && bytes !== parts.length) this.fail('cannot mix bytes and nonbytes literals');
    if (bytes) {
      const v = parts.flatMap((p) => (p.t === 'bytes' ? p.v : []));
      return makeNode({ k: 'Const', c: { t: 'bytes', v } });
    }
    const v = parts.map((p) => (p.t === 'str' ? p.v : '')).join('');
    return makeNode({ k: 'Const', c: { t: 'str', v } });
  }

  /** `( … )` and `[ … ]`: a group, a tuple or a list. */
  display(close: ')' | ']', kind: 'Tuple' | 'List'): PyNode {
    this.i++;
    const elts: PyNode[] = [];
    let comma = false;
    while (!this.isOp(close)) {
      if (kind === 'Tuple' && this.isKw('yield')) unsupported('yield');
      elts.push(this.expression());
      if (this.isKw('for') || this.isKw('async')) unsupported('a comprehension');
      if (!this.isOp(',')) break;
      comma = true;
      this.i++;
    }
    this.expectOp(close);
    if (kind === 'Tuple' && elts.length === 1 && !comma) return elts[0] as PyNode;
    return makeNode({ k: kind, elts });
  }

  /** `{}` a dict, `{k: v, …}` a dict, `{a, …}` a set. */
  braces(): PyNode {
    this.i++;
    const keys: PyNode[] = [];
    const values: PyNode[] = [];
    let isDict: boolean | null = null;
    while (!this.isOp('}')) {
      if (this.isOp('**')) unsupported('dict unpacking');
      keys.push(this.expression());
      if (this.isKw('for') || this.isKw('async')) unsupported('a comprehension');
      const pair = this.isOp(':');
      if (isDict !== null && pair !== isDict) this.fail();
      isDict = pair;
      if (pair) {
        this.i++;
        values.push(this.expression());
        if (this.isKw('for') || this.isKw('async')) unsupported('a comprehension');
      }
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expectOp('}');
    if (isDict === false) return makeNode({ k: 'Set', elts: keys });
    return makeNode({ k: 'Dict', keys, values });
  }
}

/**
 * Parses Python source like `ast.parse(source, mode=mode)`: the expression of each statement
 * in `exec` mode, the single expression in `eval` mode.
 *
 * @example
 * parsePython('a==1; b>2', 'exec').map((n) => n.k) // ['Compare', 'Compare']
 * parsePython('[("x", -1)]', 'eval')[0]?.k          // 'List'
 */
export function parsePython(source: string, mode: 'exec' | 'eval'): PyNode[] {
  const parser = new Parser(tokenize(source));
  return mode === 'exec' ? parser.file() : [parser.evalInput()];
}
