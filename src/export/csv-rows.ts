import Papa from 'papaparse';
import { cellText, formatNumber } from './cell-text.ts';
import { FORMATS, type TextFormat } from './formats.ts';

/**
 * One column of a block of rows, in output order: a Float64Array for a column whose cells are
 * all numbers (NaN = missing), otherwise the served values (`undefined`/`null` = missing).
 */
export type BlockCells = Float64Array | readonly unknown[];

/**
 * How rows are written: papaparse's `unparse` to a string per chunk, or the hand-written
 * encoder (csv-bytes.ts) that writes the same text as UTF-8 bytes.
 */
export type RowWriter = 'papaparse' | 'fast';

/**
 * A one-column file would write a missing cell as an empty line, which readers skip (pandas'
 * `skip_blank_lines`, papaparse's `skipEmptyLines`): quote it (`""`) so the row survives.
 */
const quoteEmpty = (value: unknown) => value === '';

function textAt(column: BlockCells, row: number): string {
  return column instanceof Float64Array
    ? formatNumber(column[row] as number)
    : cellText(column[row]);
}

/**
 * The header line (with its newline): the column names, neutralised like any text cell.
 *
 * @example
 * headerLine(['_id', 'bids_meta.Manufacturer'], 'csv') // '_id,bids_meta.Manufacturer\r\n'
 */
export function headerLine(names: readonly string[], format: TextFormat): string {
  return unparseRows(
    names.map((name) => [name]),
    0,
    1,
    format,
  );
}

/**
 * Rows `from..to` of a block as CSV/TSV text with papaparse's `unparse`, every line ending with
 * the format's newline (so chunks concatenate into exactly the text one call over all rows
 * gives).
 *
 * @example
 * unparseRows([Float64Array.of(-1.5), ['=1+1']], 0, 1, 'csv') // "-1.5,'=1+1\r\n"
 */
export function unparseRows(
  columns: readonly BlockCells[],
  from: number,
  to: number,
  format: TextFormat,
): string {
  if (to <= from) return '';
  const { delimiter, newline } = FORMATS[format];
  const data: string[][] = new Array(to - from);
  for (let r = from; r < to; r++) {
    const row: string[] = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = textAt(columns[c] as BlockCells, r);
    data[r - from] = row;
  }
  const text = Papa.unparse(data, {
    delimiter,
    newline,
    header: false,
    quotes: columns.length === 1 ? quoteEmpty : false,
    // Formulas are neutralised before (cellText), only in text cells: papaparse's own option
    // would also catch `-0`, which is written as text to keep its sign.
    escapeFormulae: false,
  });
  return text + newline;
}
