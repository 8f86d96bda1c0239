import { memo } from 'react';
import { type Column, cellValue, columnLength } from '../../frame/column.ts';
import { formatCell } from './format-cell.ts';

/** A rendered column of the grid: its id, its place (width class, columnClass), its data. */
export interface GridColumn {
  readonly id: string;
  readonly index: number;
  readonly numeric: boolean;
  readonly copies: boolean;
}

/**
 * Fixed row height (no per-row measuring while scrolling). Browsers cap an element's height
 * (Chromium ~33.5M px), so at 28 px a view can hold ~1.19M rows; Firefox caps lower (~17.9M px).
 */
export const ROW_HEIGHT = 28;
/** Height of the sticky header row (CSS .grid-header uses the same). */
export const HEADER_HEIGHT = 46;

/** DOM id of a cell, so keyboard focus can find it after the virtualiser renders it. */
export function cellId(prefix: string, row: number, col: number): string {
  return `${prefix}-r${row}-c${col}`;
}

interface GridRowProps {
  readonly idPrefix: string;
  /** Row of the view (display order). */
  readonly viewIndex: number;
  /** Row of the frame it shows. */
  readonly frameRow: number;
  /** Offset of the row from the body's base (GridBody), whose transform places it on screen. */
  readonly top: number;
  readonly columns: readonly GridColumn[];
  /**
   * Per column, the loaded frame column, or its first rows while the rest loads (a row past
   * them shows as loading); undefined while nothing is in, and for Copies.
   */
  readonly data: readonly (Column | undefined)[];
  readonly groupSize: number;
  readonly kept: boolean;
  /** Column index of the focusable cell in this row, or -1 (roving tabindex). */
  readonly focusCol: number;
  readonly expanded: boolean;
  readonly onToggleGroup: (frameRow: number) => void;
}

function CopiesCell(props: {
  size: number;
  kept: boolean;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { size, kept, expanded, onToggle } = props;
  if (size <= 1) return <span className="copies-one">1</span>;
  // The name starts with what the badge shows ("×3 kept"), so a voice-control user can say it;
  // the rest is for screen readers. aria-expanded says whether the group is open.
  return (
    <button
      type="button"
      className={`copies-badge${kept ? ' copies-kept' : ''}`}
      tabIndex={-1}
      aria-expanded={expanded}
      title={kept ? 'The upload the unique view keeps' : 'Another upload of a kept scan'}
      onClick={onToggle}
    >
      ×{size}
      {kept ? (
        <>
          {' '}
          <span className="kept-mark">kept</span>
        </>
      ) : null}
      <span className="visually-hidden">
        {`: ${size} uploads of this scan${kept ? ', this one kept' : ''}`}
      </span>
    </button>
  );
}

/**
 * One row of the visible window. Memoised: while scrolling only the rows whose elements are
 * reused for rows entering the window render (GridBody); a row re-renders when its columns
 * load, its focus moves or its group opens.
 */
export const GridRow = memo(function GridRow(props: GridRowProps) {
  const { idPrefix, viewIndex, frameRow, top, columns, data, focusCol } = props;
  return (
    <tr
      className={`grid-row${viewIndex % 2 ? ' grid-row-odd' : ''}`}
      aria-rowindex={viewIndex + 1}
      style={{ transform: `translateY(${top}px)` }}
    >
      {columns.map((column, c) => {
        const common = {
          id: cellId(idPrefix, viewIndex, c),
          'aria-colindex': c + 1,
          tabIndex: focusCol === c ? 0 : -1,
        } as const;
        if (column.copies) {
          return (
            <td
              key={column.id}
              {...common}
              className={`grid-cell cell-copies ${columnClass(column.index)}`}
            >
              <CopiesCell
                size={props.groupSize}
                kept={props.kept}
                expanded={props.expanded}
                onToggle={() => props.onToggleGroup(frameRow)}
              />
            </td>
          );
        }
        const loaded = data[c];
        if (!loaded || frameRow >= columnLength(loaded)) {
          return (
            <td
              key={column.id}
              {...common}
              className={`grid-cell cell-loading ${columnClass(column.index)}`}
            >
              <span className="placeholder" />
              <span className="visually-hidden">loading</span>
            </td>
          );
        }
        const cell = formatCell(cellValue(loaded, frameRow));
        const kind = cell.missing ? ' cell-missing' : cell.numeric ? ' cell-number' : '';
        return (
          <td
            key={column.id}
            {...common}
            className={`grid-cell ${columnClass(column.index)}${kind}`}
            title={cell.title}
          >
            {cell.text}
          </td>
        );
      })}
    </tr>
  );
});

/** The class that gives the cells (and header cell) of the grid's `index`th column its width. */
export function columnClass(index: number): string {
  return `gc${index}`;
}
