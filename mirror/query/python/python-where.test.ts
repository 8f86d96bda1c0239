import { describe, expect, it } from 'vitest';
import { ObjectId } from '../../data/object-id.ts';
import { EveBadRequest, EveServerError } from '../errors.ts';
import { parseSort } from '../sort.ts';
import { parseWhere } from '../where.ts';
import { PyComplex } from './python-ast.ts';
import { tokenize } from './python-lexer.ts';
import { parsePythonWhere } from './python-where.ts';

const ID = '59cfad7f0000000000000007';

describe('Eve’s MongoVisitor, replayed (eve-api.md 2.2.3)', () => {
  it.each<[string, unknown]>([
    ['a==1', { a: 1 }],
    ['a!=1', { a: { $ne: 1 } }],
    ['a>=1.5', { a: { $gte: 1.5 } }],
    ['a<"x"', { a: { $lt: 'x' } }],
    ["a<='x'", { a: { $lte: 'x' } }],
    ['(a==1 or b==2) and c==3', { $and: [{ $or: [{ a: 1 }, { b: 2 }] }, { c: 3 }] }],
    ['a==1 and b==2 and c==3', { $and: [{ a: 1 }, { b: 2 }, { c: 3 }] }],
    // statements merge into one object; a repeated key keeps its place and takes the last value
    ['a==1; b==2\nc==3', { a: 1, b: 2, c: 3 }],
    ['a==1; b==2; a==3', { a: 3, b: 2 }],
    ['a==1;', { a: 1 }],
    ['a==1 # comment\n\n# another\nb==2', { a: 1, b: 2 }],
    ['a==(\n1)', { a: 1 }],
    ['a==\\\n1', { a: 1 }],
    // unary operators just visit their operand
    ['a==-1.5', { a: 1.5 }],
    ['a==+1', { a: 1 }],
    ['a==~1', { a: 1 }],
    // True/False/None/bytes/other calls leave the previous value: the left name
    ['x==False', { x: 'x' }],
    ['x==None', { x: 'x' }],
    ['x==b"ab"', { x: 'x' }],
    ['x==foo(1)', { x: 'x' }],
    ['x==bson.ObjectId("59cfad7f0000000000000007")', { x: 'x' }],
    ['x==datetime(2017,2,30)', { x: 'x' }], // datetime() raised inside Eve's try
    ['x==ObjectId("nothex")', { x: 'x' }],
    // other nodes are walked: the last name/number/string visited wins
    ['a==[1,2,3]', { a: 3 }],
    ['a==1+2', { a: 2 }],
    ['a==b.c', { a: 'b.c' }],
    ['a==(1 if b else "z")', { a: 'z' }],
    ['a==x[2]', { a: 2 }],
    ['a==x[1:5]', { a: 5 }],
    ['a=={"k": 7}', { a: 7 }],
    ['a=={}', { a: 'a' }],
    // a comparison nested as a value is stored too
    ['x==(a==1)', { a: 1, x: 1 }],
    ['a==1 or not b==2', { $or: [{ a: 1 }, { b: 2 }] }],
    ['a==1 or b', { $or: [{ a: 1 }] }],
    // a string literal on the left is a valid key
    ['"size_x">3', { size_x: { $gt: 3 } }],
    // only the first operator of a chain counts
    ['x<3<5', { x: { $lt: 3 } }],
    // literals and their spelling
    ['a==0x1F', { a: 31 }],
    ['a==0o17', { a: 15 }],
    ['a==0b101', { a: 5 }],
    ['a==1_000', { a: 1000 }],
    ['a==00', { a: 0 }],
    ['a==1.5e3', { a: 1500 }],
    ['a==.5', { a: 0.5 }],
    ['a==1e400', { a: Infinity }],
    ['a=="x" \'y\'', { a: 'xy' }],
    ['a==r"\\d"', { a: '\\d' }],
    ['a=="\\x41\\u00e9\\101\\n\\q"', { a: 'Aé\u0041\n\\q' }],
    ['a=="""x\ny"""', { a: 'x\ny' }],
    ['a==u"x"', { a: 'x' }],
    ['a==1and b==2', { $and: [{ a: 1 }, { b: 2 }] }],
    ['ｓｉｚｅ_x==1', { size_x: 1 }], // identifiers are NFKC-normalised
    ['match==1', { match: 1 }], // soft keywords are names
    // 24-hex and RFC-1123 literals are converted afterwards (parseWhere)
    [`x==ObjectId("${ID.toUpperCase()}")`, { x: new ObjectId(ID) }],
    ['x==datetime(2017,10,2,3,4,5,999999)', { x: new Date('2017-10-02T03:04:05.999Z') }],
    ['x==datetime(1,1,1)', { x: new Date('0001-01-01T00:00:00Z') }],
  ])('%j → %j', (raw, expected) => {
    expect(parseWhere(raw)).toEqual(expected);
  });

  it('keeps the Python key order of merged statements', () => {
    expect(Object.keys(parsePythonWhere('b==1; a==2; b==3'))).toEqual(['b', 'a']);
  });

  it('big ints and complex numbers reach the BSON encoder, which refuses them (500)', () => {
    expect(parsePythonWhere('a==12345678901234567890123')).toEqual({ a: 12345678901234567890123n });
    expect(parsePythonWhere('a==2j')).toEqual({ a: new PyComplex(0, 2) });
    expect(() => parseWhere('a==12345678901234567890123')).toThrow(EveServerError);
    expect(() => parseWhere('a==2j')).toThrow(EveServerError);
  });

  it.each([
    'a in [1]',
    'a not in [1]',
    'a is None',
    'a is not None',
    '3<a',
    '(1).x==1', // Attribute on a number: TypeError
    'foo()==1', // key None
    'x==datetime(a,1,1)', // arg.n outside the try: AttributeError
    'x==datetime(-1,1,1)',
    'a==1; 3<a',
  ])('500 for %j', (raw) => {
    expect(() => parsePythonWhere(raw)).toThrow(EveServerError);
  });

  it.each([
    ['a', 'a Name statement'],
    ['a==1; b', 'a non-comparison statement'],
    ['not a==1', 'top-level not'],
    ['', 'nothing at all'],
    ['# only a comment', 'nothing at all'],
    ['(a==1, b==2)', 'a tuple statement'],
    ['3<a; b', 'a ParseError wins over a pending non-str key'],
    ['if a==1: pass', 'a compound statement'],
    ['pass', 'pass'],
    ['lambda: a==1', 'lambda'],
    ['a==[x for x in y]', 'a comprehension'],
    ['a==f"x"', 'an f-string'],
    ['a==(b:=1)', 'an assignment expression'],
  ])('400 for %j (%s)', (raw) => {
    expect(() => parsePythonWhere(raw)).toThrow(EveBadRequest);
  });
});

describe('Python 3.11 tokenizer details that decide 400 vs a result', () => {
  it.each([
    ' a==1', // unexpected indent
    'a==1\n  b==2',
    'a==01', // leading zeros
    'a==2abc', // invalid decimal literal
    'a==1_', // trailing underscore
    'a==1__0',
    'a==0x', // no digits
    'a==0b102',
    'a==1e+',
    'a==1.real',
    'a<>1',
    'a!1',
    'a==$x',
    'a==?',
    'a=="x', // unterminated
    'a=="x\ny"',
    "a=='\\x4'", // truncated \x escape
    'a=="\\U00110000"',
    'a==b"é"',
    'a=="x" b"y"', // bytes and str cannot mix
    'a==(1',
    'a==1)',
    'a==(1]',
    'a==1\\',
    'a==1 \\ b',
    'a.if==1',
    `a==${'1'.repeat(4301)}`, // int literal beyond 4300 digits
    'a==1;;b==2',
    'a==1 b==2',
    'f(a=1, 2)==1',
    'f(a=1, a=2)==1',
    'x[]==1',
    'a\u00a0==1', // NBSP is not whitespace in Python source
  ])('SyntaxError → 400 for %j', (raw) => {
    expect(() => parsePythonWhere(raw)).toThrow(EveBadRequest);
  });

  it('normalises newlines and accepts form feeds, tabs and continuation', () => {
    expect(tokenize('a==1\r\nb==2\rc==3').filter((t) => t.t === 'newline')).toHaveLength(3);
    expect(parsePythonWhere('\fa==1\n\t\nb==2')).toEqual({ a: 1, b: 2 });
  });
});

describe('no input escapes as anything but EveBadRequest / EveServerError (seeded fuzz)', () => {
  // biome-ignore format: fuzz alphabet
  const atoms = [
    'a', 'b.c', '1', '-', '+', '~', 'not', 'and', 'or', 'in', 'is', '==', '!=', '<', '>=', '(', ')',
    '[', ']', '{', '}', ',', ':', '.', ';', '\n', ' ', '"s"', "'", '"', '\\', '**', 'True', 'None',
    'ObjectId(', 'datetime(', 'f(', 'lambda', 'if', 'else', '1j', '0x1', '1e5', '$', '#', '{"a":',
    '"$gt"', 'NaN', '[1]', '%', '=', '*', 'yield', 'for', 'x', '\t', '\f',
  ];
  let state = 42;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const sample = () => {
    const n = 1 + Math.floor(random() * 12);
    return Array.from({ length: n }, () => atoms[Math.floor(random() * atoms.length)]).join('');
  };

  it('where and sort: 20,000 random inputs', () => {
    for (let i = 0; i < 20_000; i++) {
      const raw = sample();
      for (const parse of [parseWhere, parseSort]) {
        try {
          parse(raw);
        } catch (error) {
          if (!(error instanceof EveBadRequest || error instanceof EveServerError)) {
            throw new Error(`${JSON.stringify(raw)} escaped as ${String(error)}`);
          }
        }
      }
    }
  });
});
