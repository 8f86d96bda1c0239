/**
 * Whether a download will fit in what the browser allows this site. Sizes are estimates: bytes
 * per record as measured on what is stored (the origin's usage over its records), or about
 * 1 KB per record before anything is.
 */

/** The guess before anything is stored: stored records of ~150 fields take about this. */
export const DEFAULT_BYTES_PER_RECORD = 1024;

/**
 * Bytes one more record will take.
 *
 * @example
 * bytesPerRecord(22_000_000, 32_000) // 687.5
 * bytesPerRecord(0, 0) // 1024
 */
export function bytesPerRecord(usage: number, records: number): number {
  return records > 0 && usage > 0 ? usage / records : DEFAULT_BYTES_PER_RECORD;
}

export interface StorageFit {
  /** Bytes the records still to fetch should take. */
  needed: number;
  /** What the browser says this site may still use (quota − usage). */
  available: number;
}

/**
 * The shortfall when `remaining` records would not fit in quota − usage, else null.
 *
 * @example
 * storageShortfall({ remaining: 1_000_000, usage: 0, quota: 500_000_000, records: 0 })
 * // { needed: 1_024_000_000, available: 500_000_000 }
 */
export function storageShortfall(input: {
  remaining: number;
  usage: number;
  quota: number;
  records: number;
}): StorageFit | null {
  const { remaining, usage, quota, records } = input;
  if (!(remaining > 0) || !(quota > 0)) return null;
  const needed = remaining * bytesPerRecord(usage, records);
  const available = Math.max(0, quota - usage);
  return needed > available ? { needed, available } : null;
}
