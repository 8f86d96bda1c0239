/**
 * Keyboard movement in the records grid (the ARIA grid pattern): which cell a key moves the
 * focus to. Row -1 is the header row; rows 0…rows-1 are the view's rows.
 */

export interface CellPosition {
  readonly row: number;
  readonly col: number;
}

export interface GridShape {
  readonly rows: number;
  readonly cols: number;
  /** Rows a Page Up / Page Down moves (the rows that fit on screen). */
  readonly pageRows: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The cell focus moves to for `key` (a KeyboardEvent.key), or null when the key is not a
 * movement key. Arrows move one cell, Home/End go to the row's first/last cell (with Ctrl: the
 * grid's first/last cell), Page Up/Down move by a screenful; nothing wraps.
 *
 * @example
 * moveCell({ row: 0, col: 2 }, 'ArrowUp', false, { rows: 10, cols: 5, pageRows: 4 }) // { row: -1, col: 2 }
 * moveCell({ row: 3, col: 0 }, 'End', true, { rows: 10, cols: 5, pageRows: 4 }) // { row: 9, col: 4 }
 */
export function moveCell(
  at: CellPosition,
  key: string,
  ctrl: boolean,
  shape: GridShape,
): CellPosition | null {
  const lastRow = shape.rows - 1;
  const lastCol = Math.max(0, shape.cols - 1);
  const row = (r: number) => clamp(r, -1, lastRow);
  switch (key) {
    case 'ArrowUp':
      return { row: row(at.row - 1), col: at.col };
    case 'ArrowDown':
      return { row: row(at.row + 1), col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: clamp(at.col - 1, 0, lastCol) };
    case 'ArrowRight':
      return { row: at.row, col: clamp(at.col + 1, 0, lastCol) };
    case 'Home':
      return ctrl ? { row: row(0), col: 0 } : { row: at.row, col: 0 };
    case 'End':
      return ctrl ? { row: lastRow, col: lastCol } : { row: at.row, col: lastCol };
    case 'PageUp':
      return { row: row(at.row - Math.max(1, shape.pageRows)), col: at.col };
    case 'PageDown':
      return { row: row(at.row + Math.max(1, shape.pageRows)), col: at.col };
    default:
      return null;
  }
}
