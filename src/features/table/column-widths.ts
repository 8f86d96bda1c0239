import { useLayoutEffect, useState } from 'react';
import { columnClass } from './grid-row.tsx';

/**
 * Each column's width as one rule on its cells' class (grid-row.tsx columnClass), scoped to the
 * grid whose scroll box carries `data-grid={gridId}`, in a constructed style sheet (CSSOM: the
 * app's Content-Security-Policy refuses `<style>` elements). Not an inline `width: var(--cN)` on
 * every cell: a cell with an inline style or a variable reference misses Blink's
 * matched-properties cache, so every row entering the window while scrolling was styled from
 * scratch, cell by cell (scroll-1m, interleaved runs: 6.4–7.6 ms of style and layout a frame
 * with the inline styles, 3.5–5.8 ms with these rules).
 */
export function ColumnWidths(props: { gridId: string; widths: readonly number[] }): null {
  const { gridId, widths } = props;
  const [sheet] = useState(() => new CSSStyleSheet());
  useLayoutEffect(() => {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [sheet]);
  const text = widthRules(gridId, widths);
  // Before the browser paints the cells rendered with these widths.
  useLayoutEffect(() => {
    sheet.replaceSync(text);
  }, [sheet, text]);
  return null;
}

function widthRules(gridId: string, widths: readonly number[]): string {
  const scope = `.records-grid[data-grid="${gridId}"]`;
  return widths.map((w, i) => `${scope} .${columnClass(i)}{width:${w}px}`).join('\n');
}
