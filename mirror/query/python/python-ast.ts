import { EveBadRequest } from '../errors.ts';

/**
 * The subset of CPython's `ast` module that Eve's `where` visitor and `ast.literal_eval` (for
 * `sort`) can meet, with child fields in CPython's `_fields` order, because `generic_visit`
 * walks them in that order and Eve's visitor keeps state between nodes (eve-api.md 2.2.3).
 */

/** A complex literal (`1j`); BSON cannot encode it. */
export class PyComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

export type PyConst =
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex'; v: PyComplex }
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: number[] }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'ellipsis' };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

interface Base {
  /** Height of the subtree, bounded so that walking it can never exhaust the stack. */
  depth: number;
}

export type PyNode = Base &
  (
    | { k: 'Const'; c: PyConst }
    | { k: 'Name'; id: string }
    | { k: 'Attribute'; value: PyNode; attr: string }
    | {
        k: 'Call';
        func: PyNode;
        args: PyNode[];
        keywords: Array<{ arg: string | null; value: PyNode }>;
      }
    | { k: 'Compare'; left: PyNode; ops: CompareOp[]; comparators: PyNode[] }
    | { k: 'BoolOp'; op: 'and' | 'or'; values: PyNode[] }
    | { k: 'UnaryOp'; op: 'not' | '+' | '-' | '~'; operand: PyNode }
    | { k: 'BinOp'; op: string; left: PyNode; right: PyNode }
    | { k: 'IfExp'; test: PyNode; body: PyNode; orelse: PyNode }
    | { k: 'Tuple' | 'List' | 'Set'; elts: PyNode[] }
    | { k: 'Dict'; keys: PyNode[]; values: PyNode[] }
    | { k: 'Subscript'; value: PyNode; slice: PyNode }
    | { k: 'Slice'; lower: PyNode | null; upper: PyNode | null; step: PyNode | null }
    | { k: 'Starred'; value: PyNode }
  );

/** Deeper trees are refused with a 400: CPython itself fails (RecursionError) not far beyond. */
export const MAX_AST_DEPTH = 400;

type Fields = PyNode extends infer N ? (N extends PyNode ? Omit<N, 'depth'> : never) : never;

/** The child nodes `generic_visit` walks, in CPython's field order. */
export function childNodes(node: PyNode): PyNode[] {
  switch (node.k) {
    case 'Const':
    case 'Name':
      return [];
    case 'Attribute':
    case 'Starred':
      return [node.value];
    case 'Call':
      return [node.func, ...node.args, ...node.keywords.map((kw) => kw.value)];
    case 'Compare':
      return [node.left, ...node.comparators];
    case 'BoolOp':
      return node.values;
    case 'UnaryOp':
      return [node.operand];
    case 'BinOp':
      return [node.left, node.right];
    case 'IfExp':
      return [node.test, node.body, node.orelse];
    case 'Tuple':
    case 'List':
    case 'Set':
      return node.elts;
    case 'Dict':
      return [...node.keys, ...node.values];
    case 'Subscript':
      return [node.value, node.slice];
    case 'Slice':
      return [node.lower, node.upper, node.step].filter((n): n is PyNode => n !== null);
  }
}

/**
 * Builds a node and records its height; refuses trees deeper than {@link MAX_AST_DEPTH}.
 *
 * @example
 * const one = makeNode({ k: 'Const', c: { t: 'int', v: 1n } });
 * makeNode({ k: 'UnaryOp', op: '-', operand: one }).depth // 2
 */
export function makeNode(fields: Fields): PyNode {
  const node = { ...fields, depth: 0 } as PyNode;
  let depth = 1;
  for (const child of childNodes(node)) depth = Math.max(depth, child.depth + 1);
  if (depth > MAX_AST_DEPTH) throw new EveBadRequest('Python expression nested too deeply');
  node.depth = depth;
  return node;
}
