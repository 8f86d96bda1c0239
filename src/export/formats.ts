/** The two text formats the export writes. */
export type ExportFormat = 'csv' | 'tsv';

export interface FormatInfo {
  readonly delimiter: ',' | '\t';
  /**
   * CSV ends lines with CRLF (RFC 4180, what spreadsheets expect, papaparse's default); TSV
   * with LF, as BIDS `.tsv` files and Unix tools (`cut -f`) do. pandas reads both.
   */
  readonly newline: '\r\n' | '\n';
  readonly extension: 'csv' | 'tsv';
  readonly mime: string;
}

export const FORMATS: Readonly<Record<ExportFormat, FormatInfo>> = {
  csv: { delimiter: ',', newline: '\r\n', extension: 'csv', mime: 'text/csv' },
  tsv: { delimiter: '\t', newline: '\n', extension: 'tsv', mime: 'text/tab-separated-values' },
};
