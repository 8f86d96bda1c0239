import { elementScroll, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Column } from '../../frame/column.ts';
import type { DedupResult } from '../../frame/dedup.ts';
import type { CellPosition } from './grid-keys.ts';
import { type GridColumn, GridRow, HEADER_HEIGHT, ROW_HEIGHT } from './grid-row.tsx';
import { rowBase, scrollScale, scrollTopToShow } from './grid-scroll.ts';

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

/**
 * The virtualised rows. The virtualiser lives here, the lowest component that needs it, so a
 * scroll re-renders this list (and the rows entering the window) but not the header or the
 * toolbar. Only the visible window plus a small overscan is ever rendered.
 */
export function GridBody(props: GridBodyProps) {
  const { rows, dedup, columns, data, focus, expandedGroup, scrollBox } = props;
  // Past the browsers' height cap the scroll range is scaled (grid-scroll.ts): the virtualiser
  // works in the rows' full height, the scroll box in the capped one. A ref, because the
  // virtualiser keeps the offset observer it was first given.
  const scale = useRef(1);
  scale.current = scrollScale(rows.length * ROW_HEIGHT, scrollBox.clientHeight, HEADER_HEIGHT);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollBox,
    estimateSize: () => ROW_HEIGHT,
    // Rows rendered past each edge: enough for a keyboard move to land on a rendered row; each
    // one more costs every scrolled frame (6 a side gave 38.7 / 42.8 fps in scroll-1m, 2 gave
    // 47.1 / 49.8, interleaved runs, when every rendered row was restyled on each frame).
    overscan: 2,
    observeElementOffset: (instance, onOffset) =>
      observeElementOffset(instance, (offset, scrolling) =>
        onOffset(offset * scale.current, scrolling),
      ),
    // Keyboard moves scroll with scrollTopToShow; this is the virtualiser's own path.
    scrollToFn: (offset, { adjustments = 0, behavior }, instance) =>
      elementScroll((offset + adjustments) / scale.current, { behavior }, instance),
    // The sticky header covers the top of the scroll box: rows start below it, and
    // scrolling a row into view must not leave it under the header.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  // Keyboard focus moved to a row that may be off screen: bring it in first.
  const { focusRequest } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a keyboard move scrolls
  useEffect(() => {
    if (focusRequest > 0 && focus.row >= 0 && focus.row < rows.length) {
      const scrollTop = scrollTopToShow(focus.row, {
        scrollTop: scrollBox.scrollTop,
        viewport: scrollBox.clientHeight,
        scrollHeight: scrollBox.scrollHeight,
        scale: scale.current,
        header: HEADER_HEIGHT,
        rowHeight: ROW_HEIGHT,
      });
      if (scrollTop !== null) scrollBox.scrollTop = scrollTop;
    }
  }, [focusRequest]);

  // A new view (sort, filter, rows shown) starts at its top.
  useEffect(() => {
    void rows;
    scrollBox.scrollTop = 0;
  }, [rows, scrollBox]);

  // Where the rows sit in the scroll box. Past the height cap the virtual window slides
  // (`shift`, 0 unless the range is scaled) on every scrolled frame: that slide is the body's
  // transform, and the body is a layer of its own (will-change), so moving it restyles,
  // re-lays out and repaints no row: only the rows entering the window are drawn. Rows
  // are placed from a base that moves in large steps, keeping their own offsets small enough
  // for the compositor's float precision (28M px is 2 px apart in a float32).
  const items = virtualizer.getVirtualItems();
  const virtualOffset = virtualizer.scrollOffset ?? 0;
  const shift = virtualOffset - virtualOffset / scale.current;
  const base = rowBase((items[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT);
  return (
    <tbody
      className="grid-body"
      style={{ width: props.totalWidth, transform: `translateY(${base - shift}px)` }}
    >
      {items.map((item) => {
        const frameRow = rows[item.index]!;
        const groupId = dedup.groupId[frameRow]!;
        return (
          <GridRow
            key={item.index}
            idPrefix={props.idPrefix}
            viewIndex={item.index}
            frameRow={frameRow}
            top={item.start - HEADER_HEIGHT - base}
            columns={columns}
            data={data}
            groupSize={dedup.groupSize[frameRow]!}
            kept={dedup.isKept[frameRow] === 1}
            focusCol={focus.row === item.index ? focus.col : -1}
            expanded={expandedGroup === groupId}
            onToggleGroup={props.onToggleGroup}
          />
        );
      })}
    </tbody>
  );
}
