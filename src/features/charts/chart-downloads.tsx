import { useState } from 'react';
import { versionedFileName } from '../../export/file-name.ts';
import { errorMessage } from '../../lib/error-message.ts';
import { saveBlob } from '../../lib/save-blob.ts';
import { svgToPng } from '../../lib/svg-to-png.ts';
import { useSharedCaption } from './caption-context.ts';
import { figureCaption } from './figure-caption.ts';
import { figureFile } from './figure-file.ts';

/** PNGs are drawn at twice the on-screen size: sharp on high-density screens and in print. */
const PNG_SCALE = 2;

/**
 * "Download SVG / PNG" for one chart: the picture as drawn, with its title and a caption (source,
 * query, view, counts, date) inside the file.
 */
export function ChartDownloads(props: {
  /** Short name for the buttons and the file: "cjv", "records over time". */
  name: string;
  title: string;
  summary: string;
  /** What this chart counts, for the caption ('' = nothing beyond the view). */
  note: string;
  /** The drawing as it is in the page; null while there is none. */
  drawing: () => Element | null;
  disabled: boolean;
  /** A file that could not be made: the message to show (null clears it). */
  onFailure: (message: string | null) => void;
}) {
  const shared = useSharedCaption();
  const [busy, setBusy] = useState(false);
  if (!shared) return null;
  const { fileStem, ...facts } = shared;
  const stem = `${fileStem}-${props.name}-chart`;

  const build = () => {
    const drawing = props.drawing();
    if (!drawing) throw new Error('the chart is not drawn yet');
    const caption = figureCaption({ ...facts, chart: props.note, date: new Date() });
    return figureFile(drawing, props.title, props.summary, caption);
  };
  const save = async (format: 'svg' | 'png') => {
    props.onFailure(null);
    setBusy(true);
    try {
      const file = build();
      const name = versionedFileName(stem, format, facts.appVersion, facts.synthetic);
      const blob =
        format === 'svg'
          ? new Blob([file.text], { type: 'image/svg+xml;charset=utf-8' })
          : await svgToPng(file.text, file.width, file.height, PNG_SCALE);
      saveBlob(blob, name);
    } catch (error) {
      props.onFailure(
        `The ${format.toUpperCase()} file could not be made: ${errorMessage(error)}.`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="chart-downloads">
      <span aria-hidden="true">Download</span>
      {(['svg', 'png'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="secondary chart-download"
          aria-label={`Download ${props.name} chart as ${format.toUpperCase()}`}
          disabled={props.disabled || busy}
          onClick={() => void save(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
    </span>
  );
}
