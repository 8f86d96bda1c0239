/** Text for the download view: plain English, thousands separators, units spelled out. */

/** @example formatCount(12345) // '12,345' */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** @example records(1) // '1 record' */
export function records(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`;
}

/** @example formatRate(1234.5) // '1,235 records/s' */
export function formatRate(perSecond: number): string {
  return perSecond > 0 ? `${formatCount(perSecond)} records/s` : '—';
}

/** @example formatEta(125) // 'about 2 min 5 s' */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'working it out';
  const s = Math.ceil(seconds);
  if (s <= 0) return 'finishing';
  if (s < 60) return `about ${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `about ${h} h ${m} min`;
  return `about ${m} min ${s % 60} s`;
}

export { formatBytes } from '../../lib/format-bytes.ts';
