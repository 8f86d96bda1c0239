import { ObjectId } from '../data/object-id.ts';
import type { Collection } from '../data/types.ts';
import { isPlainObject } from './python/python-text.ts';
import type { Filter } from './where.ts';

/**
 * Splits the `_id` index part off a filter (eve-api.md 7: only `_id` is indexed). Collections
 * keep documents in ascending `_id` order, so a conjunction of `_id` ranges on ObjectIds is a
 * window of positions found by binary search; the rest of the filter is evaluated elsewhere.
 */
export interface IdSplit {
  /** Matching documents lie at positions [lo, hi). */
  lo: number;
  hi: number;
  /** The filter without the extracted `_id` conditions; null when nothing is left. */
  rest: Filter | null;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte', '$eq']);

/** `ObjectId` or `{$gt/$gte/$lt/$lte/$eq: ObjectId, …}`: exactly an index range. */
function isPureIdRange(value: unknown): boolean {
  if (value instanceof ObjectId) return true;
  if (!isPlainObject(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length > 0 && entries.every(([op, arg]) => RANGE_OPS.has(op) && arg instanceof ObjectId)
  );
}

class Window {
  lo = 0;
  hi: number;

  constructor(readonly coll: Collection) {
    this.hi = coll.size;
  }

  /** First position whose id is > hex. */
  after(hex: string): number {
    const at = this.coll.lowerBound(hex);
    return at < this.coll.size && this.coll.idAt(at) === hex ? at + 1 : at;
  }

  apply(op: string, id: ObjectId): void {
    if (op === '$gt') this.lo = Math.max(this.lo, this.after(id.hex));
    if (op === '$gte' || op === '$eq') this.lo = Math.max(this.lo, this.coll.lowerBound(id.hex));
    if (op === '$lt') this.hi = Math.min(this.hi, this.coll.lowerBound(id.hex));
    if (op === '$lte' || op === '$eq') this.hi = Math.min(this.hi, this.after(id.hex));
  }

  applyCondition(value: unknown): void {
    if (value instanceof ObjectId) this.apply('$eq', value);
    else for (const [op, arg] of Object.entries(value as object)) this.apply(op, arg as ObjectId);
  }
}

function isIdOnly(member: unknown): member is { _id: unknown } {
  return isPlainObject(member) && Object.keys(member).length === 1 && isPureIdRange(member._id);
}

/**
 * Extracts a top-level `_id` range and `$and` members that are pure `_id` ranges.
 *
 * @example
 * splitIdRange(coll, { $and: [{ 'provenance.software': 'mriqc' }, { _id: { $gt: oid } }] })
 * // { lo: <first position after oid>, hi: coll.size, rest: { $and: [{ 'provenance.software': 'mriqc' }] } }
 */
export function splitIdRange(coll: Collection, filter: Filter | null): IdSplit {
  const window = new Window(coll);
  const rest: Filter = {};
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (key === '_id' && isPureIdRange(value)) {
      window.applyCondition(value);
    } else if (key === '$and' && Array.isArray(value)) {
      const kept = value.filter((member) => {
        if (!isIdOnly(member)) return true;
        window.applyCondition(member._id);
        return false;
      });
      if (kept.length > 0) rest.$and = kept;
    } else {
      Object.defineProperty(rest, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return {
    lo: window.lo,
    hi: Math.max(window.lo, window.hi),
    rest: Object.keys(rest).length ? rest : null,
  };
}
