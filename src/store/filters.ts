import type { CrowdDatabase } from './db.ts';

/** A field filter too long for the page address, kept under the reference the URL carries. */
export interface FilterRecord {
  /** `filterRef(where)`: the URL's `whereRef=`. */
  ref: string;
  /** The filter exactly as typed. */
  where: string;
  savedAt: number;
}

export function saveFilter(db: CrowdDatabase, record: FilterRecord): Promise<string> {
  return db.put('filters', record);
}

export async function getFilter(db: CrowdDatabase, ref: string): Promise<string | undefined> {
  return (await db.get('filters', ref))?.where;
}
