import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { Column } from '../../frame/column.ts';
import type { FrameView } from '../../frame/view.ts';
import { ColumnWidths } from './column-widths.ts';
import { GridBody } from './grid-body.tsx';
import { HeaderCell } from './grid-header.tsx';
import { type CellPosition, moveCell } from './grid-keys.ts';
import { cellId, type GridColumn, HEADER_HEIGHT, ROW_HEIGHT } from './grid-row.tsx';
import { scrolledHeight } from './grid-scroll.ts';
import { COPIES_ID } from './records-columns.ts';
import type { RecordsTable } from './use-records-table.ts';

interface RecordsGridProps {
  readonly table: RecordsTable;
  readonly view: FrameView;
  /** Per visible leaf column (Copies first), the loaded frame column. */
  readonly data: readonly (Column | undefined)[];
  readonly busy: boolean;
  readonly expandedGroup: number | null;
  readonly onToggleGroup: (frameRow: number) => void;
  readonly onFilter: (column: string) => void;
}

const RESIZE_STEP = 16;

/**
 * The records grid (ARIA grid pattern): a sticky header row and virtualised body rows in one
 * scroll box, one focusable cell at a time (roving tabindex) moved by the arrow keys, Home/End
 * and Page Up/Down. On a header cell Enter sorts (Shift+Enter adds a secondary key), F opens
 * its filter and Alt+←/→ resizes; on a Copies cell Enter opens the duplicate group.
 *
 * aria-rowcount is exactly the number of rows in the current view (DESIGN.md), not +1 for the
 * header row as ARIA's convention would have it: tests, the summary line and screen-reader
 * users then read the same number. Data rows carry aria-rowindex 1…n accordingly.
 */
export function RecordsGrid(props: RecordsGridProps) {
  const { table, view, data, busy } = props;
  const idPrefix = useId().replace(/:/g, '');
  // State, not a ref: the body's virtualiser needs the element on its first layout pass, and a
  // parent's ref is attached only after its children's layout effects ran.
  const [scrollBox, setScrollBox] = useState<HTMLDivElement | null>(null);
  const [focus, setFocus] = useState<CellPosition>({ row: -1, col: 1 });
  const [wantFocus, setWantFocus] = useState(0);
  const leaves = table.getVisibleLeafColumns();
  const columns = useMemo<GridColumn[]>(
    () =>
      leaves.map((column, index) => ({
        id: column.id,
        index,
        numeric: column.columnDef.meta?.described?.type === 'number',
        copies: column.id === COPIES_ID,
      })),
    [leaves],
  );
  const rowCount = view.rows.length;
  const at: CellPosition = {
    row: Math.min(focus.row, rowCount - 1),
    col: Math.min(focus.col, columns.length - 1),
  };

  // After a keyboard move, focus the cell once the virtualiser has rendered it.
  useEffect(() => {
    if (wantFocus === 0) return;
    let frames = 0;
    let handle = 0;
    const attempt = () => {
      const el = document.getElementById(cellId(idPrefix, at.row, at.col));
      if (el) {
        // Rows are scrolled to by GridBody (the virtualiser's range may be scaled); the browser
        // then only brings the cell in sideways, and the grid into the window, moving as little
        // as it can. Focus alone scrolled no further than the row (issue 12 bug 4).
        el.focus({ preventScroll: true });
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      } else if (frames++ < 10) handle = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(handle);
  }, [wantFocus, idPrefix, at.row, at.col]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLTableElement>) => {
    if (event.target instanceof HTMLInputElement) return;
    const pageRows = Math.max(
      1,
      Math.floor(((scrollBox?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1,
    );
    const next = moveCell(at, event.key, event.ctrlKey || event.metaKey, {
      rows: rowCount,
      cols: columns.length,
      pageRows,
    });
    if (next && !event.altKey) {
      event.preventDefault();
      setFocus(next);
      setWantFocus((n) => n + 1);
      return;
    }
    const column = leaves[at.col];
    if (!column) return;
    // A focused button (after a click) acts on Enter/Space itself: don't act twice.
    const activates = event.key === 'Enter' || event.key === ' ';
    if (activates && event.target instanceof HTMLButtonElement) return;
    if (at.row === -1) {
      if (activates && column.getCanSort()) {
        event.preventDefault();
        column.toggleSorting(undefined, event.shiftKey);
      } else if (event.key === 'f' || event.key === 'F') {
        if (column.getCanFilter()) {
          event.preventDefault();
          props.onFilter(column.id);
        }
      } else if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
        event.preventDefault();
        const step = event.key === 'ArrowLeft' ? -RESIZE_STEP : RESIZE_STEP;
        table.setColumnSizing((old) => ({ ...old, [column.id]: column.getSize() + step }));
      }
    } else if (event.key === 'Enter' && column.id === COPIES_ID) {
      const frameRow = view.rows[at.row];
      if (frameRow !== undefined && view.dedup.sizeOf(frameRow) > 1) {
        event.preventDefault();
        props.onToggleGroup(frameRow);
      }
    }
  };

  // A click puts the roving focus where the pointer went.
  const onFocusIn = useCallback(
    (event: React.FocusEvent<HTMLTableElement>) => {
      const cell = (event.target as HTMLElement).closest('[id]');
      const match = cell ? new RegExp(`^${idPrefix}-r(-?\\d+)-c(\\d+)$`).exec(cell.id) : null;
      if (match) setFocus({ row: Number(match[1]), col: Number(match[2]) });
    },
    [idPrefix],
  );

  return (
    <table.Subscribe
      selector={(state) => ({ sizing: state.columnSizing, resizing: state.columnResizing })}
    >
      {() => {
        const totalWidth = table.getTotalSize();
        return (
          <div
            ref={setScrollBox}
            className={`records-grid${busy ? ' records-grid-busy' : ''}`}
            data-grid={idPrefix}
          >
            <ColumnWidths gridId={idPrefix} widths={leaves.map((column) => column.getSize())} />
            <table
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA grid pattern (arrow keys move a focused cell) on a table
              role="grid"
              aria-label="Records"
              aria-rowcount={rowCount}
              aria-colcount={columns.length}
              aria-busy={busy}
              className="grid-table"
              // The rows are out of flow (GridBody): the table's height is the scroll range.
              style={{
                width: totalWidth,
                height: HEADER_HEIGHT + scrolledHeight(view.rows.length * ROW_HEIGHT),
              }}
              onKeyDown={onKeyDown}
              onFocus={onFocusIn}
            >
              <thead className="grid-header">
                <tr className="grid-header-row">
                  {table.getHeaderGroups()[0]?.headers.map((header, i) => (
                    <HeaderCell
                      key={header.id}
                      header={header}
                      index={i}
                      idPrefix={idPrefix}
                      focusable={at.row === -1 && at.col === i}
                      sortCount={table.state.sorting.length}
                      onFilter={props.onFilter}
                    />
                  ))}
                </tr>
              </thead>
              {scrollBox ? (
                <GridBody
                  idPrefix={idPrefix}
                  scrollBox={scrollBox}
                  rows={view.rows}
                  dedup={view.dedup}
                  columns={columns}
                  data={data}
                  totalWidth={totalWidth}
                  focus={at}
                  focusRequest={wantFocus}
                  expandedGroup={props.expandedGroup}
                  onToggleGroup={props.onToggleGroup}
                />
              ) : null}
            </table>
          </div>
        );
      }}
    </table.Subscribe>
  );
}
