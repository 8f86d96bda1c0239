import { toText } from '../../frame/column.ts';

/**
 * How a cell reads in the grid: `text` on screen, `title` in full on hover. Pure, so the
 * formatting rules are unit-tested without rendering a virtualised grid (jsdom draws no rows).
 */
export interface CellText {
  readonly text: string;
  readonly title: string;
  readonly numeric: boolean;
  readonly missing: boolean;
}

const MISSING: CellText = { text: '', title: 'missing', numeric: false, missing: true };

/** On-screen text is cut here; CSS ellipsises the rest, the title keeps the whole value. */
const SHOWN_CHARS = 300;

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * A number with precision that suits its size: about five significant digits, trailing zeros
 * dropped, integers as they are, very large or tiny magnitudes in exponent form. IQMs span
 * 1e-4 (rpve) to 1e5 (fber, summary statistics), so one fixed number of decimals can't serve.
 *
 * @example
 * formatNumber(0.452317) // '0.4523'
 * formatNumber(12.3456) // '12.346'
 * formatNumber(123456.78) // '123456.8'
 * formatNumber(3) // '3'
 * formatNumber(0.000012345) // '1.23e-5'
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e7 || abs < 1e-3) return value.toExponential(2).replace(/\.?0+e/, 'e');
  if (abs >= 100) return trimZeros(value.toFixed(1));
  if (abs >= 1) return trimZeros(value.toFixed(3));
  return trimZeros(value.toFixed(4));
}

/**
 * The grid text of a cell value as the frame gives it (`cellValue`): numbers formatted and
 * right-aligned, everything else as served (objects as JSON), HTML never interpreted (React
 * renders it as text). Very long strings are cut for the screen; the title has them whole.
 *
 * @example
 * formatCell(0.45) // { text: '0.45', title: '0.45', numeric: true, missing: false }
 * formatCell('<b>x</b>').text // '<b>x</b>'
 * formatCell(undefined).missing // true
 */
export function formatCell(value: unknown): CellText {
  if (value === undefined || value === null) return MISSING;
  if (typeof value === 'number') {
    return { text: formatNumber(value), title: String(value), numeric: true, missing: false };
  }
  const full = toText(value);
  const text = full.length > SHOWN_CHARS ? `${full.slice(0, SHOWN_CHARS)}…` : full;
  return { text, title: full, numeric: false, missing: false };
}
