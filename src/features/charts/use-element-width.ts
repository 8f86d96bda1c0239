import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * The content width of an element, following resizes, so a chart fills its column; null until
 * measured (before the first paint), so nothing is drawn twice at mount.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const next = Math.floor(element.clientWidth);
      // Only steps of 8 px or more redraw, so a scrollbar appearing doesn't redraw every chart.
      if (next > 0) {
        setWidth((current) => (current === null || Math.abs(next - current) >= 8 ? next : current));
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
