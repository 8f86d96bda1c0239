import { useEffect, useId, useRef, useState } from 'react';
import { buildWhere } from '../../api/eve-url.ts';
import { toRecordQuery } from '../../api/explorer-query.ts';
import { useSyntheticData } from '../../components/synthetic-data.tsx';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import { type ExportFormat, formatLabel, type TextFormat } from '../../export/formats.ts';
import {
  downloadScriptCode,
  type PythonColumn,
  pandasReaderCode,
} from '../../export/python-code.ts';
import { errorMessage } from '../../lib/error-message.ts';
import { type ExportColumns, exportColumnNames, exportFileNameFor } from './use-export.ts';

type Kind = 'reader' | 'script';

const WHAT: Record<Kind, string> = {
  reader: 'pandas code that reads the exported file',
  script: 'download script (requests + pandas)',
};

type Outcome = { type: 'idle' } | (Shown & { for: string });

type Shown =
  | { type: 'copied'; kind: Kind }
  /** The clipboard was refused: the code is shown, selected, for the user to copy. */
  | { type: 'manual'; kind: Kind; code: string; reason: string }
  | { type: 'error'; message: string };

/**
 * "Copy as Python", beside Export: it follows the export's Format and Columns choices, since
 * the pandas code reads that file and the script writes it. Two kinds: code reading the
 * exported file with each column's type, and a script downloading the query from the API.
 */
export function CopyAsPython({
  format,
  columns,
  exportedFile,
}: {
  format: ExportFormat;
  columns: ExportColumns;
  /** The file the last export wrote, if any: the pandas code reads that one. */
  exportedFile: string | undefined;
}) {
  const { query, modality, frame, view, spec } = useDataset();
  const synthetic = useSyntheticData().inUse;
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ type: 'idle' });
  const id = useId();
  // Code shown for other Format or Columns choices would be stale: it is not shown.
  const choices = `${format}|${columns}`;
  // The script writes text: for a Parquet export, the CSV of the same columns.
  const scriptFormat: TextFormat = format === 'parquet' ? 'csv' : format;

  const generate = (kind: Kind): string => {
    if (!frame) throw new Error('the records are still loading');
    const names = exportColumnNames(frame, view?.spec ?? spec, modality, columns);
    const typed: PythonColumn[] = names.map((name) => ({
      name,
      type: frame.info(name)?.type ?? 'text',
    }));
    if (kind === 'reader') {
      const fileName =
        exportedFile ??
        exportFileNameFor({ query, modality, spec: view?.spec ?? spec, format, synthetic });
      return pandasReaderCode({ fileName, format, columns: typed, synthetic });
    }
    const records = toRecordQuery({ ...query, extra: [] });
    if (records.type === 'invalid') throw new Error(records.message);
    return downloadScriptCode({
      source: query.source,
      modality,
      where: buildWhere(records.query),
      columns: typed,
      format: scriptFormat,
      // The script writes every record of the query: named without the view's parts.
      outputName: exportFileNameFor({
        query,
        modality,
        spec: { ...spec, show: 'all', filters: [] },
        format: scriptFormat,
        synthetic,
      }),
      synthetic,
    });
  };

  const copy = async (kind: Kind) => {
    let code: string;
    try {
      code = generate(kind);
    } catch (error) {
      setOutcome({
        type: 'error',
        message: `Could not write the code: ${errorMessage(error)}.`,
        for: choices,
      });
      return;
    }
    try {
      if (!navigator.clipboard?.writeText) throw new Error('this page has no clipboard access');
      await navigator.clipboard.writeText(code);
      setOutcome({ type: 'copied', kind, for: choices });
    } catch (error) {
      const reason = errorMessage(error).replace(/\.$/, '');
      setOutcome({ type: 'manual', kind, code, reason, for: choices });
    }
  };

  return (
    <div className="copy-python">
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        disabled={!frame}
        onClick={() => setOpen((was) => !was)}
      >
        Copy as Python
      </button>
      {open ? (
        // biome-ignore lint/a11y/useSemanticElements: a group of two related actions, not a form fieldset
        <div
          id={`${id}-panel`}
          className="copy-python-panel"
          role="group"
          aria-label="Copy as Python"
        >
          <div className="copy-python-choices">
            <button type="button" className="secondary" onClick={() => void copy('reader')}>
              Copy pandas code
            </button>
            <span className="muted">
              reads the exported {formatLabel(format)} with each column’s type
            </span>
            <button type="button" className="secondary" onClick={() => void copy('script')}>
              Copy download script
            </button>
            <span className="muted">
              downloads this query from the API (requests + pandas, paged on _id) and writes the
              {format === scriptFormat ? 'same' : 'same columns as'} {formatLabel(scriptFormat)}:
              every record of the query, in _id order
            </span>
          </div>
          {outcome.type !== 'idle' && outcome.for === choices ? (
            <CopyOutcome outcome={outcome} />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function CopyOutcome({ outcome }: { outcome: Shown }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const code = outcome.type === 'manual' ? outcome.code : null;
  useEffect(() => {
    if (code === null) return;
    area.current?.focus();
    area.current?.select();
  }, [code]);
  switch (outcome.type) {
    case 'copied':
      return (
        <p className="export-message export-done" role="status" aria-label="Copy result">
          Copied the {WHAT[outcome.kind]} to the clipboard.
        </p>
      );
    case 'error':
      return (
        <p className="export-message export-error" role="alert" aria-label="Copy result">
          {outcome.message}
        </p>
      );
    case 'manual':
      return (
        <div className="copy-python-manual">
          <p className="export-message" role="status" aria-label="Copy result">
            The browser did not allow copying: {outcome.reason}. The {WHAT[outcome.kind]} is
            selected below: press Ctrl+C (⌘C on a Mac) to copy it.
          </p>
          <textarea
            ref={area}
            className="copy-python-code"
            aria-label="Python code to copy"
            readOnly
            spellCheck={false}
            rows={12}
            value={outcome.code}
          />
        </div>
      );
  }
}
