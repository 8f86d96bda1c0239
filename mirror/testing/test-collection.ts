import { ObjectId } from '../data/object-id.ts';
import type { Collection, StoredDoc, StoredResource } from '../data/types.ts';

/**
 * TEST HELPER ONLY (not used by the server): a minimal array-backed Collection for the query
 * modules' unit tests and timing scripts. It counts `docAt` calls so tests can prove that a
 * page costs O(limit) document builds. The real implementation is data/collection.ts.
 */
export class TestCollection implements Collection {
  version = 0;
  docAtCalls = 0;
  private docs: StoredDoc[] = [];

  constructor(
    readonly name: StoredResource,
    docs: readonly StoredDoc[] = [],
  ) {
    this.insert([...docs]);
  }

  get size(): number {
    return this.docs.length;
  }

  docAt(i: number): StoredDoc {
    const doc = this.docs[i];
    if (!doc) throw new RangeError(`no document at ${i}`);
    this.docAtCalls++;
    return doc;
  }

  idAt(i: number): string {
    const doc = this.docs[i];
    if (!doc) throw new RangeError(`no document at ${i}`);
    return doc._id.hex;
  }

  lowerBound(hex: string): number {
    const key = hex.toLowerCase();
    let lo = 0;
    let hi = this.docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.docs[mid] as StoredDoc)._id.hex < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(docs: StoredDoc[]): void {
    this.docs.push(...docs);
    this.docs.sort((a, b) => (a._id.hex < b._id.hex ? -1 : a._id.hex > b._id.hex ? 1 : 0));
    this.version++;
  }
}

/**
 * A stored document with `_id` from (seconds, counter) and fixed meta fields, for tests.
 *
 * @example
 * testDoc(7, { size_x: 64 }) // { _id: ObjectId(59cfad7f…07), _created, _updated, _etag, size_x: 64 }
 */
export function testDoc(counter: number, fields: Record<string, unknown> = {}): StoredDoc {
  const seconds = 1506782591 + counter;
  const date = new Date(seconds * 1000);
  return {
    _id: ObjectId.fromTime(seconds, counter),
    _created: date,
    _updated: date,
    _etag: counter.toString(16).padStart(40, '0'),
    ...fields,
  };
}
