import { plot } from '@observablehq/plot';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { SYNTHETIC_MARK, useSyntheticData } from '../../components/synthetic-data.tsx';
import { errorMessage } from '../../lib/error-message.ts';
import { markDrawing } from '../../lib/mark-svg.ts';
import { useElementWidth } from './use-element-width.ts';

/** Plot's options, as `plot()` takes them (width is added here). */
export type PlotOptions = Parameters<typeof plot>[0];

interface PlotFigureProps {
  title: string;
  /** One sentence a screen reader (and a test) reads instead of the picture: the key numbers. */
  summary: string;
  /** Plot options for the current width; null draws nothing (a message goes in `children`). */
  options: ((width: number) => PlotOptions) | null;
  /** Controls beside the title (scale toggle, remove). */
  controls?: ReactNode;
  /** Text under the chart: what is left out, how to read it. */
  children?: ReactNode;
}

/**
 * One chart: a <figure> named by its title, the drawing as role="img" with a summary label, and
 * notes under it. Plot draws into a plain div; a new drawing replaces the old one.
 */
export function PlotFigure({ title, summary, options, controls, children }: PlotFigureProps) {
  const titleId = useId();
  const frameRef = useRef<HTMLDivElement>(null);
  const drawRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(frameRef);
  const [failure, setFailure] = useState<string | null>(null);
  const synthetic = useSyntheticData().inUse;
  useEffect(() => {
    const target = drawRef.current;
    if (!target || width === null) return;
    if (!options) {
      target.replaceChildren();
      target.dataset.drawn = 'false';
      return;
    }
    let drawing: SVGSVGElement | HTMLElement;
    try {
      drawing = plot({ ...options(width), width, style: { fontSize: '12px' } });
    } catch (error) {
      // A chart that can't be drawn says so; the other charts and the page carry on.
      target.replaceChildren();
      target.dataset.drawn = 'false';
      setFailure(errorMessage(error));
      return;
    }
    setFailure(null);
    // Inside the picture, so a screenshot or a copy of a synthetic chart can't pass for real data.
    if (synthetic) markDrawing(drawing, SYNTHETIC_MARK);
    // The div's label speaks for the drawing; Plot's legend swatches and svg stay unannounced.
    drawing.setAttribute('aria-hidden', 'true');
    target.replaceChildren(drawing);
    // Set only once the drawing is in the page: what tests and the chart bench wait for.
    target.dataset.drawn = 'true';
    return () => drawing.remove();
  }, [options, width, synthetic]);
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption className="chart-head">
        <h3 id={titleId}>{title}</h3>
        {controls ? <div className="chart-controls">{controls}</div> : null}
      </figcaption>
      <div ref={frameRef} className="chart-frame">
        <div ref={drawRef} className="chart-plot" role="img" aria-label={summary} />
      </div>
      {failure ? (
        <p className="chart-failure" role="alert">
          This chart could not be drawn: {failure}
        </p>
      ) : null}
      {children ? <div className="chart-notes">{children}</div> : null}
    </figure>
  );
}
