// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { Frame } from '../../frame/frame.ts';
import { computeView } from '../../frame/view.ts';
import { DEFAULT_VIEW } from '../../frame/view-spec.ts';
import { GridBody } from './grid-body.tsx';
import { cellId, HEADER_HEIGHT, ROW_HEIGHT } from './grid-row.tsx';
import { SETTLE_MS } from './use-row-window.ts';

// jsdom lays nothing out and has no ResizeObserver: the body's first render is what is tested,
// before any observer could have read the box.
const saved = globalThis.ResizeObserver;
beforeEach(() => {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});
afterEach(() => {
  globalThis.ResizeObserver = saved;
});

describe('GridBody', () => {
  it("first renders the rows the grid's box can show (70 % of the window), not the window's", async () => {
    const { rowElements } = await scrollableBody();
    const rows = rowElements().length;
    const inBox = Math.ceil((window.innerHeight * 0.7 - HEADER_HEIGHT) / ROW_HEIGHT);
    const overscan = 2;
    expect(rows).toBeGreaterThanOrEqual(inBox);
    expect(rows).toBeLessThanOrEqual(inBox + overscan);
  });
});

/** A 10,000-row body whose frame row i holds snr = i, in a scroll box jsdom can scroll. */
async function scrollableBody(focusRow = -1) {
  const n = 10_000;
  const snr = fromDecoded(Array.from({ length: n }, (_, i) => i));
  const frame = new Frame(n, [{ name: 'snr', type: 'number' }], async () => snr);
  const view = await computeView(frame, DEFAULT_VIEW);
  const box = document.createElement('div');
  let scrollTop = 0;
  Object.defineProperty(box, 'clientHeight', { get: () => Math.ceil(window.innerHeight * 0.7) });
  Object.defineProperty(box, 'scrollTop', {
    get: () => scrollTop,
    set: (value: number) => {
      scrollTop = value;
    },
  });
  const { container } = render(
    <table>
      <GridBody
        idPrefix="g"
        scrollBox={box}
        rows={view.rows}
        dedup={view.dedup}
        columns={[{ id: 'snr', index: 0, numeric: true, copies: false }]}
        data={[snr]}
        totalWidth={200}
        focus={{ row: focusRow, col: 0 }}
        focusRequest={0}
        expandedGroup={null}
        onToggleGroup={() => {}}
      />
    </table>,
  );
  const rowElements = () => [...container.querySelectorAll('tbody tr')];
  const scrollTo = (row: number) =>
    act(() => {
      box.scrollTop = row * ROW_HEIGHT;
      box.dispatchEvent(new Event('scroll'));
    });
  return { rowElements, scrollTo };
}

/** What each row element shows: its row number (aria-rowindex, from 1) and its cell's text. */
function shows(row: Element) {
  return { index: Number(row.getAttribute('aria-rowindex')), text: row.textContent };
}

describe('GridBody while scrolling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rewrites the row elements that left the window for the rows entering it, and moves them back to display order at rest', async () => {
    const { rowElements, scrollTo } = await scrollableBody();
    // Off the top, where the window has its overscan on both sides and keeps its size.
    scrollTo(100);
    act(() => {
      vi.advanceTimersByTime(SETTLE_MS);
    });
    const before = rowElements();
    const firstBefore = Math.min(...before.map((row) => shows(row).index));
    scrollTo(105);
    const scrolled = rowElements();
    // The same row elements, none created or removed...
    expect(new Set(scrolled)).toEqual(new Set(before));
    // ...showing the rows scrolled to, each once, each with its own values (snr = row − 1).
    const rows = scrolled.map(shows).sort((a, b) => a.index - b.index);
    expect(rows[0]!.index).toBe(firstBefore + 5);
    expect(rows.map((row) => row.index)).toEqual(rows.map((_, i) => rows[0]!.index + i));
    for (const row of rows) expect(row.text).toBe(String(row.index - 1));
    // Reused in place, they are out of display order in the DOM until the box is still...
    expect(scrolled.map(shows)).not.toEqual(rows);
    act(() => {
      vi.advanceTimersByTime(SETTLE_MS);
    });
    // ...then the same elements are in display order, each still showing its row.
    expect(new Set(rowElements())).toEqual(new Set(before));
    expect(rowElements().map(shows)).toEqual(rows);
  });

  it('keeps a focused cell focused and on its row while the rows around it are reused and reordered', async () => {
    const { rowElements, scrollTo } = await scrollableBody(110);
    scrollTo(100);
    act(() => {
      vi.advanceTimersByTime(SETTLE_MS);
    });
    const cell = document.getElementById(cellId('g', 110, 0));
    expect(cell).not.toBeNull();
    act(() => cell!.focus());
    scrollTo(104);
    act(() => {
      vi.advanceTimersByTime(SETTLE_MS);
    });
    expect(document.activeElement).toBe(cell);
    expect(cell!.id).toBe(cellId('g', 110, 0));
    expect(cell!.textContent).toBe('110');
    const order = rowElements().map((row) => shows(row).index);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('never rewrites the focused row for another: its element goes when it leaves the window', async () => {
    const { rowElements, scrollTo } = await scrollableBody(0);
    const focused = rowElements().find((row) => shows(row).index === 1);
    expect(focused).toBeDefined();
    scrollTo(5);
    expect(focused!.isConnected).toBe(false);
    expect(
      rowElements()
        .map(shows)
        .some((row) => row.index === 1),
    ).toBe(false);
  });
});
