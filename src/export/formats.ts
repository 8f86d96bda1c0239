/** The two text formats the export writes. */
export type TextFormat = 'csv' | 'tsv';
/** Every format the export writes: the text ones and Parquet (typed columns). */
export type ExportFormat = TextFormat | 'parquet';

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

export const FORMATS: Readonly<Record<TextFormat, FormatInfo>> = {
  csv: { delimiter: ',', newline: '\r\n', extension: 'csv', mime: 'text/csv' },
  tsv: { delimiter: '\t', newline: '\n', extension: 'tsv', mime: 'text/tab-separated-values' },
};

export interface FileType {
  readonly extension: string;
  readonly mime: string;
  /** Text in UTF-8 (the download says its charset); Parquet is bytes. */
  readonly text: boolean;
  /** What the save dialog calls it. */
  readonly description: string;
}

/** What each format's file is called and typed as. */
export const FILE_TYPES: Readonly<Record<ExportFormat, FileType>> = {
  csv: { extension: 'csv', mime: 'text/csv', text: true, description: 'CSV' },
  tsv: { extension: 'tsv', mime: 'text/tab-separated-values', text: true, description: 'TSV' },
  // The media type IANA registered for Parquet in 2024.
  parquet: {
    extension: 'parquet',
    mime: 'application/vnd.apache.parquet',
    text: false,
    description: 'Parquet',
  },
};

/** The format's name as people write it: "CSV", "TSV", "Parquet". */
export function formatLabel(format: ExportFormat): string {
  return FILE_TYPES[format].description;
}
