import { useEffect, useRef } from 'react';
import type { Column } from '../../frame/column.ts';
import type { DedupResult } from '../../frame/dedup.ts';
import type { CellPosition } from './grid-keys.ts';
import { type GridColumn, GridRow, HEADER_HEIGHT, ROW_HEIGHT } from './grid-row.tsx';
import { rowBase, scrollTopToShow } from './grid-scroll.ts';
import { inDisplayOrder, reuseSlots, type Slot } from './row-slots.ts';
import { useRowWindow } from './use-row-window.ts';

interface GridBodyProps {
  readonly idPrefix: string;
  readonly scrollBox: HTMLDivElement;
  /** The view's rows: frame row indices in display order. */
  readonly rows: Uint32Array;
  readonly dedup: DedupResult;
  readonly columns: readonly GridColumn[];
  readonly data: readonly (Column | undefined)[];
  readonly totalWidth: number;
  readonly focus: CellPosition;
  /** Counts keyboard moves: each one scrolls the focused row into view. */
  readonly focusRequest: number;
  readonly expandedGroup: number | null;
  readonly onToggleGroup: (frameRow: number) => void;
}

/** The grid's scroll box is at most this share of the window's height (table.css `.records-grid`). */
const BOX_SHARE = 0.7;

/**
 * The virtualised rows. The row window (useRowWindow) lives here, the lowest component that
 * needs it, so a scroll re-renders this list (and the rows entering the window) but not the
 * header or the toolbar. Only the visible window plus a small overscan is ever rendered, in
 * row elements reused as the window moves.
 */
export function GridBody(props: GridBodyProps) {
  const { rows, dedup, columns, data, focus, expandedGroup, scrollBox } = props;
  // Rows rendered past each edge: enough for a keyboard move to land on a rendered row; each
  // one more costs every scrolled frame (6 a side gave 38.7 / 42.8 fps in scroll-1m, 2 gave
  // 47.1 / 49.8, interleaved runs, when every rendered row was restyled on each frame).
  const shown = useRowWindow(scrollBox, rows.length, {
    rowHeight: ROW_HEIGHT,
    margin: HEADER_HEIGHT,
    overscan: 2,
    tallest: Math.ceil(window.innerHeight * BOX_SHARE),
  });
  // Past the browsers' height cap the scroll range is scaled (grid-scroll.ts): rows are placed
  // in their full (virtual) height, the scroll box moves in the capped one.
  const { scale } = shown;

  // Keyboard focus moved to a row that may be off screen: bring it in first.
  const { focusRequest } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a keyboard move scrolls
  useEffect(() => {
    if (focusRequest > 0 && focus.row >= 0 && focus.row < rows.length) {
      const scrollTop = scrollTopToShow(focus.row, {
        scrollTop: scrollBox.scrollTop,
        viewport: scrollBox.clientHeight,
        scrollHeight: scrollBox.scrollHeight,
        scale,
        header: HEADER_HEIGHT,
        rowHeight: ROW_HEIGHT,
      });
      if (scrollTop !== null) scrollBox.scrollTop = scrollTop;
    }
  }, [focusRequest]);

  // A new view (sort, filter, rows shown) starts at its top. The first rows a body shows are
  // at the top of a new box already: setting scrollTop would lay the page out in the middle
  // of its first paint.
  const scrolledFor = useRef(rows);
  useEffect(() => {
    if (scrolledFor.current === rows) return;
    scrolledFor.current = rows;
    scrollBox.scrollTop = 0;
  }, [rows, scrollBox]);

  // Where the rows sit in the scroll box. Past the height cap the virtual window slides
  // (`shift`, 0 unless the range is scaled) on every scrolled frame: that slide is the body's
  // transform, and the body is a layer of its own (will-change), so moving it restyles,
  // re-lays out and repaints no row: only the rows entering the window are drawn. Rows
  // are placed from a base that moves in large steps, keeping their own offsets small enough
  // for the compositor's float precision (28M px is 2 px apart in a float32).
  const shift = shown.offset - shown.offset / scale;
  const base = rowBase(shown.start * ROW_HEIGHT);

  // Rows are keyed by slot (row-slots.ts): while scrolling, a row element that leaves the window
  // is rewritten in place for a row entering it; at rest the elements move back to display
  // order (React keeps the focus of a moved element). The slots are kept from render to render:
  // a render React discards leaves them for a window it would have shown, which costs a
  // reuse, never a wrong row.
  const slots = useRef<readonly Slot[]>([]);
  const reused = reuseSlots(slots.current, shown.start, shown.end, focus.row);
  slots.current = shown.moving ? reused : inDisplayOrder(reused);
  const rendered: React.ReactNode[] = [];
  for (const { key, row: index } of slots.current) {
    const frameRow = rows[index]!;
    const groupId = dedup.groupId[frameRow]!;
    rendered.push(
      <GridRow
        key={key}
        idPrefix={props.idPrefix}
        viewIndex={index}
        frameRow={frameRow}
        top={index * ROW_HEIGHT - base}
        columns={columns}
        data={data}
        groupSize={dedup.sizeOf(frameRow)}
        kept={dedup.isKept[frameRow] === 1}
        focusCol={focus.row === index ? focus.col : -1}
        expanded={expandedGroup === groupId}
        onToggleGroup={props.onToggleGroup}
      />,
    );
  }
  return (
    <tbody
      className="grid-body"
      style={{ width: props.totalWidth, transform: `translateY(${base - shift}px)` }}
    >
      {rendered}
    </tbody>
  );
}
