import { describe, expect, it } from 'vitest';
import { ObjectId } from '../data/object-id.ts';
import { canonicalKey, LruCache } from './query-cache.ts';

describe('canonicalKey', () => {
  const hex = '59cfad7f0000000000000007';
  it('tells apart values that print alike', () => {
    const keys = [
      { _id: new ObjectId(hex) },
      { _id: hex },
      { d: new Date(0) },
      { d: '1970-01-01T00:00:00.000Z' },
      { d: 0 },
      { a: 1, b: 2 },
      { b: 2, a: 1 }, // key order matters to MongoDB
      { a: [1, 2] },
      { a: '1,2' },
      { a: null },
      { a: 'null' },
      { a: -0 },
    ].map(canonicalKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is stable for equal filters', () => {
    expect(canonicalKey({ a: { $in: [new ObjectId(hex)] } })).toBe(
      canonicalKey({ a: { $in: [new ObjectId(hex.toUpperCase())] } }),
    );
  });
});

describe('LruCache', () => {
  const buf = (n: number) => new Int32Array(n);
  it('evicts the least recently used entry by count and by bytes', () => {
    const cache = new LruCache<Int32Array>(2, 1000);
    cache.set('a', buf(1));
    cache.set('b', buf(1));
    cache.get('a');
    cache.set('c', buf(1));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([
      true,
      false,
      true,
    ]);
    cache.set('big', buf(250)); // 1000 bytes: the others must go
    expect(cache.size).toBe(1);
    expect(cache.get('big')).toBeDefined();
  });
});
