import { plot } from '@observablehq/plot';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { SYNTHETIC_MARK, useSyntheticData } from '../../components/synthetic-data.tsx';
import { errorMessage } from '../../lib/error-message.ts';
import { markDrawing } from '../../lib/mark-svg.ts';
import { ChartDownloads } from './chart-downloads.tsx';
import { useElementWidth } from './use-element-width.ts';

/** Narrowest drawing: wider than any chart's margins (a category chart's reach 256 px); a 390 px phone gives ~330. */
const MIN_DRAW_WIDTH = 320;

/** Plot's options, as `plot()` takes them (width is added here). */
export type PlotOptions = Parameters<typeof plot>[0];

interface PlotFigureProps {
  title: string;
  /** Short name for the download buttons and files: "cjv", "records over time". */
  name: string;
  /** What this chart counts beyond the view, for the downloaded file's caption. */
  note?: string;
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
export function PlotFigure(props: PlotFigureProps) {
  const { title, name, note = '', summary, options, controls, children } = props;
  const titleId = useId();
  const frameRef = useRef<HTMLDivElement>(null);
  const drawRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(frameRef);
  const [failure, setFailure] = useState<string | null>(null);
  const [fileFailure, setFileFailure] = useState<string | null>(null);
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
      // A frame caught mid-layout can measure a few px: narrower than the axis margins, Plot's
      // range runs backwards and every bar gets a negative width (Chromium logs each one).
      const drawWidth = Math.max(width, MIN_DRAW_WIDTH);
      drawing = plot({ ...options(drawWidth), width: drawWidth, style: { fontSize: '12px' } });
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
        <div className="chart-controls">
          {controls}
          <ChartDownloads
            name={name}
            title={title}
            summary={summary}
            note={note}
            drawing={() => drawRef.current?.firstElementChild ?? null}
            disabled={!options || failure !== null}
            onFailure={setFileFailure}
          />
        </div>
      </figcaption>
      <div ref={frameRef} className="chart-frame">
        <div ref={drawRef} className="chart-plot" role="img" aria-label={summary} />
      </div>
      {failure ? (
        <p className="chart-failure" role="alert">
          This chart could not be drawn: {failure}
        </p>
      ) : null}
      {fileFailure ? (
        <p className="chart-failure" role="alert">
          {fileFailure}
        </p>
      ) : null}
      {children ? <div className="chart-notes">{children}</div> : null}
    </figure>
  );
}
