import type { Summary } from '../../frame/group-summary.ts';

/** The summary table as rows, and as TSV (clipboard) or CSV (download). No React. */

export interface SummaryRow {
  readonly iqm: string;
  readonly unit: string;
  /** "All records" or a group's name. */
  readonly group: string;
  readonly summary: Summary;
}

export const SUMMARY_HEADERS = [
  'IQM',
  'Unit',
  'Group',
  'n',
  'No value',
  'Median',
  'Q1',
  'Q3',
  'IQR',
  'p01',
  'p99',
] as const;

function numberCells(s: Summary): string[] {
  const exact = (v: number) => (Number.isFinite(v) ? String(v) : '');
  return [
    String(s.n),
    String(s.missing),
    ...[s.median, s.q1, s.q3, s.iqr, s.p01, s.p99].map(exact),
  ];
}

/** Spreadsheets run a cell starting with = + - @ as a formula: text from the data is defused. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The rows with a header line, numbers unrounded (the table shows 4 digits; a copy keeps all),
 * no value as an empty cell. TSV cells lose tabs and line breaks; CSV cells are quoted as needed.
 *
 * @example
 * toDelimited([{ iqm: 'cjv', unit: 'dimensionless', group: 'GE', summary }], 'tsv')
 * // 'IQM\tUnit\tGroup\tn\t…\ncjv\tdimensionless\tGE\t12\t…\n'
 */
export function toDelimited(rows: readonly SummaryRow[], format: 'tsv' | 'csv'): string {
  const cell =
    format === 'tsv' ? (t: string) => t.replace(/[\t\r\n]+/g, ' ') : (t: string) => csvCell(t);
  const sep = format === 'tsv' ? '\t' : ',';
  const lines = [SUMMARY_HEADERS.map(cell).join(sep)];
  for (const row of rows) {
    const text = [row.iqm, row.unit, row.group].map((t) => cell(safeText(t)));
    lines.push([...text, ...numberCells(row.summary)].join(sep));
  }
  return `${lines.join(format === 'tsv' ? '\n' : '\r\n')}${format === 'tsv' ? '\n' : '\r\n'}`;
}
