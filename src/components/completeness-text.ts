import type { Completeness, DatasetRecord, ServerAnomalies } from '../store/datasets.ts';

/**
 * How the app words a dataset's check against the server's count: the download panel and the
 * Datasets view say the same thing the same way.
 */

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const records = (n: number) => `${count(n)} ${n === 1 ? 'record' : 'records'}`;

/**
 * What the server got wrong, as one clause per kind.
 *
 * @example
 * anomalyClauses({ duplicates: 4, countMismatches: 1, example: { total: 120, served: 0 }, implausibleTotals: 0 })
 * // ['it counted 120 matching records in an answer that carried none', 'it sent 4 records more than once (each is saved once)']
 */
export function anomalyClauses(a: ServerAnomalies): string[] {
  const clauses: string[] = [];
  if (a.countMismatches > 0) {
    const ex = a.example;
    const first = ex
      ? `it counted ${records(ex.total)} in an answer that carried ${ex.served === 0 ? 'none' : count(ex.served)}`
      : 'its counts disagreed with the records it sent';
    const more = a.countMismatches - 1;
    clauses.push(more > 0 ? `${first} (and ${count(more)} more such answers)` : first);
  }
  if (a.implausibleTotals > 0) {
    clauses.push(
      `${a.implausibleTotals === 1 ? 'one answer' : `${count(a.implausibleTotals)} answers`} gave an impossible count (more records than any MRIQC collection holds)`,
    );
  }
  if (a.duplicates > 0) {
    clauses.push(`it sent ${records(a.duplicates)} more than once (each is saved once)`);
  }
  return clauses;
}

/**
 * One or two sentences on a check that did not verify, for a dataset holding `stored` records;
 * null when it verified.
 *
 * @example
 * checkSentence({ type: 'missing', count: 30000, missing: 11337 }, 18663)
 * // 'Incomplete — 11,337 missing: the server counts 30,000 records for this query and 18,663 are saved. Resume fetches the missing ones.'
 */
export function checkSentence(check: Completeness, stored: number): string | null {
  switch (check.type) {
    case 'verified':
      return null;
    case 'missing':
      return `Incomplete — ${count(check.missing)} missing: the server counts ${records(check.count)} for this query and ${count(stored)} are saved. Resume fetches the missing ones.`;
    case 'surplus':
      return `The server now counts ${records(check.count)} for this query, ${count(check.extra)} fewer than the ${count(stored)} saved: they were removed from it since, or it miscounts. The saved records are kept; the dataset is not marked complete.`;
    case 'inconsistent': {
      const what = anomalyClauses(check.anomalies).join('; ');
      return `The server's answers did not add up: ${what}. The ${records(stored)} it sent are saved, but no count from it can be trusted, so the dataset is not marked complete.`;
    }
    case 'unchecked':
      return `The server's count could not be checked (${check.message}), so the dataset is not marked complete. Resume checks again.`;
  }
}

/**
 * The Datasets view's status cell.
 *
 * @example
 * datasetStatus({ complete: false, completeness: { type: 'missing', count: 30000, missing: 11337 }, stored: 18663, total: 30000 })
 * // 'Incomplete — 11,337 missing'
 */
export function datasetStatus(
  ds: Pick<DatasetRecord, 'complete' | 'completeness' | 'stored' | 'total'>,
): string {
  const check = ds.completeness;
  if (ds.complete) return 'Complete';
  switch (check?.type) {
    case 'missing':
      return `Incomplete — ${count(check.missing)} missing`;
    case 'surplus':
      return `Incomplete — the server now counts ${count(check.extra)} fewer`;
    case 'inconsistent':
      return "Incomplete — the server's counts don't add up";
    case 'unchecked':
      return 'Incomplete — not checked against the server';
    default:
      return ds.total === null
        ? 'Incomplete'
        : `Incomplete: ${count(ds.stored)} of ${count(Math.max(ds.total, ds.stored))}`;
  }
}

/**
 * What the browser holds of a query, in the words the folded query form and the partial-data
 * banner use: the count alone when complete, else against the server's last reported total.
 *
 * @example
 * heldRecords({ complete: false, stored: 15928, total: 30000 }) // '15,928 of 30,000 records — download incomplete'
 * heldRecords({ complete: true, stored: 20000, total: 20000 }) // '20,000 records'
 */
export function heldRecords(ds: Pick<DatasetRecord, 'complete' | 'stored' | 'total'>): string {
  if (ds.complete) return records(ds.stored);
  // A server now counting fewer than are saved (or none yet): never "of" a smaller number.
  if (ds.total === null || ds.total <= ds.stored)
    return `${records(ds.stored)} — download incomplete`;
  return `${count(ds.stored)} of ${records(ds.total)} — download incomplete`;
}
