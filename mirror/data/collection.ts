import { ObjectId } from './object-id.ts';
import type { Collection, StoredDoc, StoredResource } from './types.ts';

/** The read side of a collection: documents in ascending `_id` order. */
export interface SortedDocs {
  readonly size: number;
  docAt(i: number): StoredDoc;
  idAt(i: number): string;
  lowerBound(hex: string): number;
}

/**
 * Binary search over any sorted id sequence: first position whose id is >= hex.
 *
 * @example
 * lowerBoundBy(3, (i) => ['a1', 'b2', 'c3'][i] as string, 'b0') // 1
 */
export function lowerBoundBy(size: number, idAt: (i: number) => string, hex: string): number {
  const key = hex.toLowerCase();
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idAt(mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function idOf(doc: StoredDoc): string {
  if (!(doc._id instanceof ObjectId)) throw new TypeError('document _id must be an ObjectId');
  return doc._id.hex;
}

/**
 * Plain documents kept sorted by `_id` (POSTed or loaded from files). Appending ids larger
 * than the last is O(1) per document — new uploads always are; anything else re-sorts.
 */
class ArrayCollection implements Collection, SortedDocs {
  version = 0;
  private docs: StoredDoc[] = [];
  private ids: string[] = [];

  constructor(
    readonly name: StoredResource,
    docs: readonly StoredDoc[],
  ) {
    if (docs.length > 0) this.insert([...docs]);
    // The initial documents are the starting state, not an insert caches must notice.
    this.version = 0;
  }

  get size(): number {
    return this.docs.length;
  }

  docAt(i: number): StoredDoc {
    const doc = this.docs[i];
    if (!doc) throw new RangeError(`${this.name}: no document at ${i} (size ${this.size})`);
    return doc;
  }

  idAt(i: number): string {
    const id = this.ids[i];
    if (id === undefined)
      throw new RangeError(`${this.name}: no document at ${i} (size ${this.size})`);
    return id;
  }

  lowerBound(hex: string): number {
    return lowerBoundBy(this.ids.length, (i) => this.ids[i] as string, hex);
  }

  has(hex: string): boolean {
    const i = this.lowerBound(hex);
    return i < this.ids.length && this.ids[i] === hex;
  }

  insert(docs: StoredDoc[]): void {
    const incoming = docs.map((doc) => ({ doc, id: idOf(doc) }));
    const seen = new Set<string>();
    for (const { id } of incoming) {
      if (seen.has(id) || this.has(id)) throw new Error(`${this.name}: duplicate _id ${id}`);
      seen.add(id);
    }
    const last = this.ids[this.ids.length - 1] ?? '';
    const ascending = incoming.every(
      (x, i) => x.id > (i === 0 ? last : (incoming[i - 1] as { id: string }).id),
    );
    if (!ascending) {
      incoming.push(...this.docs.map((doc, i) => ({ doc, id: this.ids[i] as string })));
      incoming.sort((a, b) => (a.id < b.id ? -1 : 1));
      this.docs = [];
      this.ids = [];
    }
    for (const { doc, id } of incoming) {
      this.docs.push(doc);
      this.ids.push(id);
    }
    this.version++;
  }
}

/**
 * A collection of arbitrary documents, in natural order (ascending `_id`).
 *
 * @example
 * const ratings = createCollection('rating');
 * ratings.insert([{ _id: ObjectId.fromTime(1700000000, 1), _created: d, _updated: d, _etag: e, rating: 'good' }]);
 * ratings.size // 1
 */
export function createCollection(
  name: StoredResource,
  docs: readonly StoredDoc[] = [],
): Collection {
  return new ArrayCollection(name, docs);
}

/**
 * A read-only sorted base (e.g. the compact generated store) plus documents inserted later,
 * merged by `_id`. POSTs get the current time, which may fall anywhere in a generated range,
 * so inserts are kept in a small sorted side list with their merged positions.
 */
class OverlayCollection implements Collection {
  private readonly extra: ArrayCollection;
  /** Merged position of each extra document (strictly increasing). */
  private positions: number[] = [];

  constructor(
    readonly name: StoredResource,
    private readonly base: SortedDocs,
  ) {
    this.extra = new ArrayCollection(name, []);
  }

  get version(): number {
    return this.extra.version;
  }

  get size(): number {
    return this.base.size + this.extra.size;
  }

  docAt(i: number): StoredDoc {
    if (this.positions.length === 0) return this.base.docAt(i);
    const k = this.extrasBefore(i);
    if (this.positions[k] === i) return this.extra.docAt(k);
    return this.base.docAt(i - k);
  }

  idAt(i: number): string {
    if (this.positions.length === 0) return this.base.idAt(i);
    const k = this.extrasBefore(i);
    if (this.positions[k] === i) return this.extra.idAt(k);
    return this.base.idAt(i - k);
  }

  lowerBound(hex: string): number {
    return this.base.lowerBound(hex) + this.extra.lowerBound(hex);
  }

  insert(docs: StoredDoc[]): void {
    for (const doc of docs) {
      const id = idOf(doc);
      const at = this.base.lowerBound(id);
      if (at < this.base.size && this.base.idAt(at) === id)
        throw new Error(`${this.name}: duplicate _id ${id}`);
    }
    const before = this.extra.size;
    const lastId = before > 0 ? this.extra.idAt(before - 1) : '';
    this.extra.insert(docs);
    const appended = docs.every((d) => idOf(d) > lastId);
    if (appended) {
      for (let k = before; k < this.extra.size; k++) {
        this.positions.push(this.base.lowerBound(this.extra.idAt(k)) + k);
      }
    } else {
      this.positions = Array.from(
        { length: this.extra.size },
        (_, k) => this.base.lowerBound(this.extra.idAt(k)) + k,
      );
    }
  }

  /** Number of extra documents whose merged position is < i (also the index of the first >= i). */
  private extrasBefore(i: number): number {
    if (i < 0 || i >= this.size)
      throw new RangeError(`${this.name}: no document at ${i} (size ${this.size})`);
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.positions[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Wraps a read-only sorted store so it accepts inserts, as a Collection.
 *
 * @example
 * const t1w = overlayCollection('T1w', generatedStore);
 * t1w.insert([postedDoc]); // lands at its _id position
 */
export function overlayCollection(name: StoredResource, base: SortedDocs): Collection {
  return new OverlayCollection(name, base);
}
