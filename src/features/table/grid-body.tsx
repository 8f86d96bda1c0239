import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect } from 'react';
import type { Column } from '../../frame/column.ts';
import type { DedupResult } from '../../frame/dedup.ts';
import type { CellPosition } from './grid-keys.ts';
import { type GridColumn, GridRow, HEADER_HEIGHT, ROW_HEIGHT } from './grid-row.tsx';

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
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollBox,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
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
      virtualizer.scrollToIndex(focus.row);
    }
  }, [focusRequest]);

  // A new view (sort, filter, rows shown) starts at its top.
  useEffect(() => {
    void rows;
    scrollBox.scrollTop = 0;
  }, [rows, scrollBox]);

  return (
    <tbody
      className="grid-body"
      style={{ height: virtualizer.getTotalSize(), width: props.totalWidth }}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const frameRow = rows[item.index]!;
        const groupId = dedup.groupId[frameRow]!;
        return (
          <GridRow
            key={item.index}
            idPrefix={props.idPrefix}
            viewIndex={item.index}
            frameRow={frameRow}
            top={item.start - HEADER_HEIGHT}
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
