import { ObjectId } from '../data/object-id.ts';
import type { Collection } from '../data/types.ts';
import { isPlainObject } from './python/python-text.ts';

/**
 * The memory behind find(): small LRUs of sorted position arrays, keyed by collection
 * identity (plus version where an insert must make an entry unreachable) and a canonical
 * text of the query.
 */

/** Least-recently-used map bounded by entry count and by total bytes. */
export class LruCache<V extends { byteLength: number }> {
  private readonly map = new Map<string, V>();
  private bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old) this.bytes -= old.byteLength;
    this.map.delete(key);
    this.map.set(key, value);
    this.bytes += value.byteLength;
    for (const [oldest, entry] of this.map) {
      if (this.map.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      if (oldest === key) break;
      this.map.delete(oldest);
      this.bytes -= entry.byteLength;
    }
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.map.size;
  }
}

const collectionIds = new WeakMap<Collection, number>();
let nextCollectionId = 1;

/**
 * A stable number per Collection object (names repeat across test instances), with the
 * collection's version when `withVersion`.
 *
 * @example
 * collectionKey(coll, true) // '3@17'
 */
export function collectionKey(coll: Collection, withVersion: boolean): string {
  let id = collectionIds.get(coll);
  if (id === undefined) {
    id = nextCollectionId++;
    collectionIds.set(coll, id);
  }
  return withVersion ? `${id}@${coll.version}` : String(id);
}

/**
 * An unambiguous text for a filter or sort value: every value carries a type letter, so a
 * Date, an ObjectId and a string with the same text never share a key; key order is kept
 * because MongoDB's document equality depends on it.
 *
 * @example
 * canonicalKey({ _id: new ObjectId('59cfad7f0000000000000007') }) // '{"_id":O59cfad7f…07}'
 * canonicalKey({ _id: '59cfad7f0000000000000007' })               // '{"_id":s"59cf…07"}'
 */
export function canonicalKey(value: unknown): string {
  if (value === null || value === undefined) return 'n';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return Object.is(value, -0) ? 'd-0' : `d${value}`;
  if (typeof value === 'bigint') return `i${value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (value instanceof ObjectId) return `O${value.hex}`;
  if (value instanceof Date) return `D${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`,
    );
    return `{${entries.join(',')}}`;
  }
  return `?${String(value)}`;
}
