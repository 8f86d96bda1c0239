/**
 * A dataset's size on disk, estimated: the origin's storage use (navigator.storage.estimate)
 * shared out by records held. Exact sizes would mean reading every stored column; the
 * datasets of one app have the same ~150 columns, so records are a fair share key. Shown
 * with "≈". Pure (the caller asks the browser for `usage`).
 */

/**
 * Bytes of `usage` that fall to a dataset of `records`, out of `allRecords` over all datasets.
 *
 * @example
 * shareOfUsage(30_000_000, 1000, 3000) // 10_000_000
 * shareOfUsage(30_000_000, 0, 0) // 0
 */
export function shareOfUsage(usage: number, records: number, allRecords: number): number {
  if (!(allRecords > 0) || !(usage > 0)) return 0;
  return (usage * records) / allRecords;
}
