import { useEffect, useReducer, useRef } from 'react';
import { flushSync } from 'react-dom';
import { type RowWindow, rowWindow, scrollScale } from './grid-scroll.ts';

export interface ScrolledRows extends RowWindow {
  /** The virtual scroll offset (the box's scrollTop × scale) the window was taken at. */
  offset: number;
  /** Virtual pixels per scrolled pixel: above 1 past the browsers' height cap (grid-scroll.ts). */
  scale: number;
  /** The box scrolled less than `SETTLE_MS` ago. */
  moving: boolean;
}

/** A box not scrolled for this long is at rest (a wheel's or a fling's events come closer). */
export const SETTLE_MS = 150;

interface WindowOptions {
  rowHeight: number;
  /** What sits above the rows in the scroll box (the sticky header). */
  margin: number;
  overscan: number;
  /**
   * The box's height at most, for the first render, before any was read (default: the
   * window's): rows past it would be rendered, laid out and painted for nothing.
   */
  tallest?: number;
}

interface BoxState {
  scrollTop: number;
  height: number;
  moving: boolean;
}

function take(box: BoxState, count: number, o: WindowOptions): ScrolledRows {
  const scale = scrollScale(count * o.rowHeight, box.height, o.margin);
  const offset = box.scrollTop * scale;
  return { ...rowWindow(offset, box.height, count, o), offset, scale, moving: box.moving };
}

/**
 * The rows of `box` in view as it scrolls and resizes. A scroll re-renders only when the window
 * moves, or, past the height cap (`scale` > 1), whenever the offset does, since the rows' slide
 * then follows every scrolled pixel. Rendered synchronously in the scroll event, so a scrolled
 * frame paints the rows it scrolled to, never blank space. `moving` holds from a scroll until the
 * box has been still for SETTLE_MS, which renders once more.
 */
export function useRowWindow(
  box: HTMLElement,
  count: number,
  options: WindowOptions,
): ScrolledRows {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // The box's scroll offset and height as its listeners last read them: a render reads no
  // layout (reading it after a commit would force one). The first render, before any was
  // read, takes a new box at its top and as tall as it can be (`tallest`):
  // reading the box then laid out the whole page once more inside a 1M table's first paint
  // (~25 ms). The resize observer's first call, after the first layout, reads the real ones.
  const seen = useRef<BoxState | null>(null);
  seen.current ??= { scrollTop: 0, height: options.tallest ?? window.innerHeight, moving: false };
  const current = take(seen.current, count, options);
  // What the last render showed and with what: the listeners compare against it.
  const rendered = useRef({ current, count, options });
  rendered.current = { current, count, options };

  useEffect(() => {
    const state = seen.current as BoxState;
    const update = (sync: boolean) => {
      state.scrollTop = box.scrollTop;
      state.height = box.clientHeight;
      const last = rendered.current;
      const next = take(state, last.count, last.options);
      const moved = next.start !== last.current.start || next.end !== last.current.end;
      const scaled = next.scale !== 1 || last.current.scale !== 1;
      if (!moved && (!scaled || next.offset === last.current.offset)) return;
      if (sync) flushSync(rerender);
      else rerender();
    };
    let settle = 0;
    const settled = () => {
      state.moving = false;
      if (rendered.current.current.moving) rerender();
    };
    const onScroll = () => {
      state.moving = true;
      clearTimeout(settle);
      settle = window.setTimeout(settled, SETTLE_MS);
      update(true);
    };
    box.addEventListener('scroll', onScroll, { passive: true });
    const resized = new ResizeObserver(() => update(false));
    resized.observe(box);
    return () => {
      clearTimeout(settle);
      box.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
  }, [box]);

  return current;
}
