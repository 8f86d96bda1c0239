import { describe, expect, it } from 'vitest';
import { codeRows } from './row-codes.ts';

/** The plain way: a Map from value to code, in row order. */
function reference(values: readonly (number | undefined)[]) {
  const seen = new Map<number, number>();
  const firstRows: number[] = [];
  const codes = values.map((v, row) => {
    if (v === undefined) return 0;
    let code = seen.get(v);
    if (code === undefined) {
      code = seen.size + 1;
      seen.set(v, code);
      firstRows.push(row);
    }
    return code;
  });
  return { codes, firstRows };
}

function coded(values: readonly (number | undefined)[], hash: (v: number) => number) {
  const hashes = Int32Array.from(values, (v) => (v === undefined ? 0 : hash(v)));
  const missing = Uint8Array.from(values, (v) => (v === undefined ? 1 : 0));
  const { codes, firstRows } = codeRows(hashes, missing, (a, b) => values[a] === values[b]);
  return { codes: Array.from(codes), firstRows: Array.from(firstRows) };
}

/** A deterministic stream of values with repeats and gaps. */
function sample(n: number, distinct: number, seed: number): Array<number | undefined> {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
  return Array.from({ length: n }, () => (next() % 10 === 0 ? undefined : next() % distinct));
}

const mixed = (v: number) => Math.imul(v ^ (v >>> 16), 0x45d9f3b);

describe('codeRows', () => {
  it('codes values in the order they first appear, missing as 0', () => {
    const values = [5, undefined, 3, 5, 3, 9, undefined];
    expect(coded(values, mixed)).toEqual(reference(values));
  });

  it.each([
    ['mostly distinct', 20_000, 50_000],
    ['many repeats', 20_000, 37],
  ])('agrees with a Map over %s values', (_name, n, distinct) => {
    const values = sample(n, distinct, n + distinct);
    expect(coded(values, mixed)).toEqual(reference(values));
  });

  it('keeps values apart whose hashes collide (all in one bucket, one slot chain)', () => {
    const values = sample(3000, 700, 7);
    expect(coded(values, () => 0x7f000001)).toEqual(reference(values));
  });

  it('keeps values apart whose hashes differ only in the bucket byte', () => {
    const values = sample(3000, 700, 11);
    expect(coded(values, (v) => (v % 256) << 24)).toEqual(reference(values));
  });

  it('codes nothing when every row is missing, and an empty column', () => {
    expect(coded([undefined, undefined], mixed)).toEqual({ codes: [0, 0], firstRows: [] });
    expect(coded([], mixed)).toEqual({ codes: [], firstRows: [] });
  });

  it('takes no missing flags as none missing', () => {
    const { codes, firstRows } = codeRows(Int32Array.of(1, 2, 1), null, () => true);
    expect(Array.from(codes)).toEqual([1, 2, 1]);
    expect(Array.from(firstRows)).toEqual([0, 1]);
  });
});
