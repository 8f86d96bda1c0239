import Papa from 'papaparse';
import { iqmsOf } from '../data/iqm-catalog.ts';
import { MAX_GROUP_FILE_BYTES, tooLargeMessage } from './file-limits.ts';
import { detectFileModality, type FileModality } from './file-modality.ts';

/**
 * Reading a user's own MRIQC results: the group file MRIQC writes after a run
 * (`group_T1w.tsv`, `group_bold.tsv`: one row per scan, `bids_name` then one column per IQM),
 * or the same table saved as CSV. Pure: text in, columns out, so it runs in a worker and in tests.
 */

export type GroupFileErrorCode =
  | 'empty'
  | 'too-large'
  | 'delimiter'
  | 'no-bids-name'
  | 'no-iqms'
  | 'no-scans';

/** Why a file can't be compared at all; `message` is for the user, as is. */
export interface GroupFileError {
  type: 'error';
  code: GroupFileErrorCode;
  message: string;
}

/** A parsed group file, column-wise: `values[i][s]` is IQM `iqms[i]` of scan `scans[s]` (NaN = missing). */
export interface GroupFile {
  type: 'ok';
  /** `bids_name` of each row, in file order. */
  scans: string[];
  /** The IQM columns found, in file order. */
  iqms: string[];
  values: Float64Array[];
  /** Per IQM: cells that held text rather than a number (kept as missing). */
  nonNumeric: number[];
  /** Columns that are neither `bids_name` nor a known IQM (left out). */
  ignored: string[];
  /** What the IQM columns and scan names say the modality is. */
  modality: FileModality;
  /** Things the user should know that did not stop the comparison. */
  warnings: string[];
  delimiter: 'tab' | 'comma';
}

export type GroupFileResult = GroupFile | GroupFileError;

const KNOWN_IQMS: ReadonlySet<string> = new Set([
  ...iqmsOf('T1w').map((i) => i.name),
  ...iqmsOf('bold').map((i) => i.name),
]);

/** Cells that mean "no value" in pandas/R/MRIQC output: missing, not a mistake. */
const MISSING_MARKERS = new Set(['', 'nan', 'n/a', 'na', 'null', 'none']);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_COLUMN_WARNINGS = 8;

const DELIMITER_NAMES: Record<string, string> = {
  ';': 'semicolons (;)',
  '|': 'vertical bars (|)',
  ' ': 'spaces',
};

function error(code: GroupFileErrorCode, message: string): GroupFileError {
  return { type: 'error', code, message };
}

/** The header's delimiter: tab (what MRIQC writes), else comma, else why neither. */
function findDelimiter(header: string): '\t' | ',' | GroupFileError {
  if (header.includes('\t')) return '\t';
  if (header.includes(',')) return ',';
  for (const [char, name] of Object.entries(DELIMITER_NAMES)) {
    if (header.trim().includes(char)) {
      return error(
        'delimiter',
        `This file's columns are separated by ${name}. Expected tab-separated values, as MRIQC ` +
          'writes group_T1w.tsv and group_bold.tsv, or comma-separated values (.csv). Save it ' +
          'again with tabs or commas between the columns.',
      );
    }
  }
  return error(
    'delimiter',
    'No columns found: the first line has no tabs or commas. Expected an MRIQC group file ' +
      '(group_T1w.tsv, group_bold.tsv: tab-separated, a bids_name column, then one column per IQM).',
  );
}

/**
 * A number cell: plain decimal notation only (`Number` would also take `0x1F`, `Infinity` and
 * whitespace). NaN for a missing marker; null for text that is not a number.
 */
function readCell(cell: string): number | null {
  const text = cell.trim();
  if (DECIMAL.test(text)) return Number(text);
  return MISSING_MARKERS.has(text.toLowerCase()) ? Number.NaN : null;
}

function list(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * Parses a group file. Rows keep file order; a non-numeric cell is kept as missing, counted,
 * and named in a warning (column, first line, the text found).
 *
 * @example
 * const file = parseGroupFile('bids_name\tcjv\nsub-01_T1w\t0.45\n');
 * file.type === 'ok' && file.values[0][0] // 0.45
 * parseGroupFile('bids_name;cjv\nsub-01_T1w;0,45').type // 'error' (code 'delimiter')
 */
export function parseGroupFile(input: string): GroupFileResult {
  if (input.length > MAX_GROUP_FILE_BYTES) return error('too-large', tooLargeMessage(input.length));
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') return error('empty', 'The file is empty: there is nothing to compare.');
  const header = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = findDelimiter(header);
  if (typeof delimiter !== 'string') return delimiter;

  const parsed = Papa.parse<string[]>(text, { delimiter, header: false });
  const rows = parsed.data;
  const columns = (rows[0] ?? []).map((name) => name.trim());
  const nameAt = columns.indexOf('bids_name');
  if (nameAt < 0) {
    return error(
      'no-bids-name',
      `There is no bids_name column, which names each scan in an MRIQC group file. ` +
        `The columns found are: ${list(columns.filter(Boolean))}.`,
    );
  }
  const iqmAt: number[] = [];
  const ignored: string[] = [];
  columns.forEach((name, at) => {
    if (at === nameAt || name === '') return;
    if (KNOWN_IQMS.has(name) && !iqmAt.some((i) => columns[i] === name)) iqmAt.push(at);
    else ignored.push(name);
  });
  if (iqmAt.length === 0) {
    return error(
      'no-iqms',
      'This file has a bids_name column but no IQM columns (such as cjv, cnr, snr_wm for T1w ' +
        `or tsnr, fd_mean for bold). ` +
        (ignored.length > 0
          ? `The other columns are: ${list(ignored)}.`
          : 'It has no other columns.'),
    );
  }

  const dataRows: { line: number; cells: string[] }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.every((c) => c.trim() === '')) continue;
    dataRows.push({ line: r + 1, cells });
  }
  if (dataRows.length === 0) {
    return error('no-scans', 'The file has column names but no scans (no rows below the header).');
  }

  const scans = dataRows.map(({ line, cells }) => cells[nameAt]?.trim() || `(line ${line})`);
  const values = iqmAt.map(() => new Float64Array(dataRows.length));
  const nonNumeric = iqmAt.map(() => 0);
  const firstBad: ({ line: number; text: string } | undefined)[] = iqmAt.map(() => undefined);
  dataRows.forEach(({ line, cells }, s) => {
    iqmAt.forEach((at, i) => {
      const cell = cells[at] ?? '';
      const value = readCell(cell);
      values[i]![s] = value ?? Number.NaN;
      if (value === null) {
        nonNumeric[i]!++;
        firstBad[i] ??= { line, text: cell.trim() };
      }
    });
  });

  const iqms = iqmAt.map((at) => columns[at]!);
  const warnings = nonNumericWarnings(iqms, nonNumeric, firstBad);
  const unnamed = dataRows.filter(({ cells }) => !cells[nameAt]?.trim()).length;
  if (unnamed > 0) {
    warnings.push(`${unnamed} row(s) have no bids_name; they are shown by line number.`);
  }
  const repeated = scans.length - new Set(scans).size;
  if (repeated > 0)
    warnings.push(`${repeated} scan name(s) appear more than once; every row is compared.`);
  if (ignored.length > 0) warnings.push(`Not compared (not MRIQC IQMs): ${list(ignored)}.`);
  const short = dataRows.filter(({ cells }) => cells.length < columns.length).length;
  if (short > 0)
    warnings.push(`${short} row(s) have fewer cells than the header; the rest are missing.`);

  return {
    type: 'ok',
    scans,
    iqms,
    values,
    nonNumeric,
    ignored,
    modality: detectFileModality(iqms, scans),
    warnings,
    delimiter: delimiter === '\t' ? 'tab' : 'comma',
  };
}

function nonNumericWarnings(
  iqms: readonly string[],
  counts: readonly number[],
  firstBad: readonly ({ line: number; text: string } | undefined)[],
): string[] {
  const out: string[] = [];
  iqms.forEach((iqm, i) => {
    const bad = firstBad[i];
    if (!bad) return;
    const n = counts[i]!;
    out.push(
      `Column ${iqm}: ${n} ${n === 1 ? 'cell is' : 'cells are'} not a number ` +
        `(first on line ${bad.line}: "${bad.text.slice(0, 40)}"), kept as missing.`,
    );
  });
  if (out.length <= MAX_COLUMN_WARNINGS) return out;
  const rest = out.length - MAX_COLUMN_WARNINGS;
  return [
    ...out.slice(0, MAX_COLUMN_WARNINGS),
    `…and ${rest} more columns with non-numeric cells.`,
  ];
}
