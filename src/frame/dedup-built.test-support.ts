import type { DedupResult } from './dedup.ts';

/**
 * Test support: every array of a dedup result, built (a result builds them on first use), as
 * plain arrays, for comparing two results with toEqual. Import only from *.test.ts files.
 */
export function builtDedup(r: DedupResult) {
  return {
    groupId: Array.from(r.groupId),
    isKept: Array.from(r.isKept),
    sizes: Array.from(r.groupId, (_, row) => r.sizeOf(row)),
    groupStart: Array.from(r.groupStart),
    groupRows: Array.from(r.groupRows),
    all: Array.from(r.all),
    unique: Array.from(r.unique),
    duplicates: Array.from(r.duplicates),
    summary: r.summary,
  };
}
