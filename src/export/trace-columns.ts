/**
 * The columns every export of the visible columns starts with, whatever is shown: a record's
 * `_id` finds it again in the API, and `provenance.md5sum` names the scan (and tells duplicate
 * uploads apart). Without them a row of an exported file can't be traced back.
 */
export const TRACE_COLUMNS = ['_id', 'provenance.md5sum'] as const;

/**
 * `visible` with the trace columns the dataset has put first, each column once.
 *
 * @example
 * withTraceColumns(['cjv', '_id'], () => true) // ['_id', 'provenance.md5sum', 'cjv']
 */
export function withTraceColumns(
  visible: readonly string[],
  has: (name: string) => boolean,
): string[] {
  return [...new Set([...TRACE_COLUMNS.filter(has), ...visible])];
}
