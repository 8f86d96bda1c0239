import { useId, useState } from 'react';
import { type ExportFormat, formatLabel } from '../../export/formats.ts';
import { formatBytes } from '../../lib/format-bytes.ts';
import { CopyAsPython } from './copy-python.tsx';
import {
  type ExportColumns,
  type ExportState,
  exportColumnNames,
  useExport,
} from './use-export.ts';
import './export.css';

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * "Export CSV" for the table's toolbar: the rows of the current view (all / unique /
 * duplicates, filtered and sorted as shown), the visible columns after `_id` and
 * `provenance.md5sum` (traceability), or all columns, as CSV, TSV or Parquet. The button
 * names the format ("Export Parquet" once Parquet is chosen); CSV is the default, so the
 * DESIGN.md name "Export CSV" always finds it on a fresh page.
 */
export function ExportControls() {
  const { state, start, cancel, ready, frame, spec, modality } = useExport();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [columns, setColumns] = useState<ExportColumns>('visible');
  const id = useId();
  const running = state.type === 'running';
  const visible = frame ? exportColumnNames(frame, spec, modality, 'visible').length : 0;
  const all = frame ? frame.columns.length : 0;
  return (
    <div className="export-controls">
      <div className="export-form">
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          value={format}
          disabled={running}
          onChange={(event) => setFormat(event.target.value as ExportFormat)}
        >
          <option value="csv">CSV (comma)</option>
          <option value="tsv">TSV (tab)</option>
          <option value="parquet">Parquet (typed columns)</option>
        </select>
        <label htmlFor={`${id}-columns`}>Columns</label>
        <select
          id={`${id}-columns`}
          title="Visible columns: _id and provenance.md5sum come first in every export, so each row can be traced back to its record and scan"
          value={columns}
          disabled={running}
          onChange={(event) => setColumns(event.target.value as ExportColumns)}
        >
          <option value="visible">Visible + _id, md5sum ({count(visible)})</option>
          <option value="all">All ({count(all)})</option>
        </select>
        <button
          type="button"
          className="secondary"
          disabled={!ready || running}
          onClick={() => void start({ format, columns })}
        >
          Export {formatLabel(format)}
        </button>
        <CopyAsPython
          format={format}
          columns={columns}
          exportedFile={state.type === 'done' ? state.fileName : undefined}
        />
      </div>
      <ExportOutcome state={state} onCancel={cancel} />
    </div>
  );
}

function ExportOutcome({ state, onCancel }: { state: ExportState; onCancel: () => void }) {
  switch (state.type) {
    case 'idle':
      return null;
    case 'running': {
      const share = state.total > 0 ? state.written / state.total : 1;
      const text = `${count(state.written)} of ${count(state.total)} rows`;
      return (
        <div className="export-progress" data-state="running">
          <div
            className="export-track"
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={state.total}
            aria-valuenow={state.written}
            aria-valuetext={text}
          >
            <div className="export-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
          </div>
          <span className="export-count">
            Writing {state.fileName}: {text}
          </span>
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel export
          </button>
        </div>
      );
    }
    case 'done':
      return (
        <p
          className="export-message export-done"
          role="status"
          aria-label="Export result"
          data-state="done"
        >
          {state.saved === 'file' ? 'Saved' : 'Downloaded'} {count(state.rows)}{' '}
          {state.rows === 1 ? 'row' : 'rows'} × {count(state.columns)} columns (
          {formatBytes(state.bytes)}) as <code>{state.fileName}</code>
          {state.saved === 'download' ? ' to your downloads folder.' : '.'}
        </p>
      );
    case 'cancelled':
      return (
        <p
          className="export-message muted"
          role="status"
          aria-label="Export result"
          data-state="cancelled"
        >
          {state.message}
        </p>
      );
    case 'error':
      return (
        <p
          className="export-message export-error"
          role="alert"
          aria-label="Export result"
          data-state="error"
        >
          {state.message}
        </p>
      );
  }
}
