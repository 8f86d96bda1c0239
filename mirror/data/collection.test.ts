import { describe, expect, it } from 'vitest';
import { createCollection, overlayCollection } from './collection.ts';
import { ObjectId } from './object-id.ts';
import type { Collection, StoredDoc } from './types.ts';

function doc(seconds: number, counter: number, extra: Record<string, unknown> = {}): StoredDoc {
  const at = new Date(seconds * 1000);
  return {
    _id: ObjectId.fromTime(seconds, counter),
    _created: at,
    _updated: at,
    _etag: 'e'.repeat(40),
    ...extra,
  };
}

function ids(c: Collection): string[] {
  return Array.from({ length: c.size }, (_, i) => c.idAt(i));
}

describe('createCollection', () => {
  it('holds documents in ascending _id order whatever the input order', () => {
    const c = createCollection('rating', [doc(300, 1), doc(100, 1), doc(200, 1)]);
    expect(c.size).toBe(3);
    expect(ids(c)).toEqual([...ids(c)].sort());
    expect((c.docAt(0)._id as ObjectId).seconds).toBe(100);
    expect(c.idAt(2)).toBe(ObjectId.fromTime(300, 1).hex);
  });

  it('starts empty and counts inserts in version', () => {
    const c = createCollection('nipype_telemetry');
    expect([c.size, c.version]).toEqual([0, 0]);
    c.insert([doc(1, 1)]);
    c.insert([doc(2, 1), doc(3, 1)]);
    expect([c.size, c.version]).toEqual([3, 2]);
  });

  it('appends newer ids and merges older ones in place', () => {
    const c = createCollection('bold', [doc(100, 1), doc(300, 1)]);
    c.insert([doc(400, 1)]);
    c.insert([doc(200, 1), doc(50, 1)]);
    expect(ids(c).map((hex) => new ObjectId(hex).seconds)).toEqual([50, 100, 200, 300, 400]);
  });

  it.each([
    ['an exact id', ObjectId.fromTime(200, 1).hex, 1],
    ['an id between two', ObjectId.fromTime(150, 0).hex, 1],
    ['an id before all', '000000000000000000000000', 0],
    ['an id after all', 'ffffffffffffffffffffffff', 3],
    ['upper-case hex', ObjectId.fromTime(300, 1).hex.toUpperCase(), 2],
  ])('lowerBound of %s', (_, hex, expected) => {
    const c = createCollection('T1w', [doc(100, 1), doc(200, 1), doc(300, 1)]);
    expect(c.lowerBound(hex)).toBe(expected);
  });

  it('rejects a duplicate _id and changes nothing', () => {
    const c = createCollection('rating', [doc(100, 1)]);
    expect(() => c.insert([doc(200, 1), doc(100, 1)])).toThrow(/duplicate _id/);
    expect(() => c.insert([doc(200, 1), doc(200, 1)])).toThrow(/duplicate _id/);
    expect([c.size, c.version]).toEqual([1, 0]);
  });

  it('rejects an _id that is not an ObjectId', () => {
    const c = createCollection('rating');
    expect(() => c.insert([{ ...doc(1, 1), _id: 'abc' as unknown as ObjectId }])).toThrow(
      /ObjectId/,
    );
  });

  it('throws on positions out of range', () => {
    const c = createCollection('rating', [doc(1, 1)]);
    expect(() => c.docAt(1)).toThrow(RangeError);
    expect(() => c.idAt(-1)).toThrow(RangeError);
  });
});

describe('overlayCollection', () => {
  const base = () => createCollection('T1w', [doc(100, 1), doc(200, 1), doc(300, 1), doc(400, 1)]);

  it('reads the base unchanged while nothing was inserted', () => {
    const c = overlayCollection('T1w', base());
    expect(ids(c)).toEqual(ids(base()));
    expect([c.size, c.version]).toEqual([4, 0]);
  });

  it('merges inserted documents by _id, wherever they fall', () => {
    const c = overlayCollection('T1w', base());
    c.insert([doc(250, 1, { tag: 'a' })]);
    c.insert([doc(50, 1, { tag: 'b' }), doc(500, 1, { tag: 'c' })]);
    c.insert([doc(600, 1, { tag: 'd' })]);
    expect(ids(c).map((hex) => new ObjectId(hex).seconds)).toEqual([
      50, 100, 200, 250, 300, 400, 500, 600,
    ]);
    expect(c.docAt(3).tag).toBe('a');
    expect(c.docAt(0).tag).toBe('b');
    expect(c.docAt(7).tag).toBe('d');
    expect(c.lowerBound(ObjectId.fromTime(260, 0).hex)).toBe(4);
    expect([c.size, c.version]).toEqual([8, 3]);
  });

  it('rejects an _id the base already has', () => {
    const c = overlayCollection('T1w', base());
    expect(() => c.insert([doc(200, 1)])).toThrow(/duplicate _id/);
    expect(c.size).toBe(4);
  });
});
