import { useCallback, useEffect, useRef, useState } from 'react';
import { SYNTHETIC_MARK, useSyntheticData } from '../../components/synthetic-data.tsx';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import { exportInWorker, SinkError } from '../../export/export-client.ts';
import { exportFileName } from '../../export/file-name.ts';
import type { ExportFormat } from '../../export/formats.ts';
import { withTraceColumns } from '../../export/trace-columns.ts';
import { defaultColumns } from '../../frame/default-columns.ts';
import type { Frame } from '../../frame/frame.ts';
import { shownColumns } from '../../frame/view.ts';
import { formatFilter, type ViewSpec } from '../../frame/view-spec.ts';
import { APP_VERSION } from '../../lib/app-version.ts';
import { errorMessage } from '../../lib/error-message.ts';
import {
  BlobLimitError,
  chooseSaveTarget,
  downloadSink,
  type FileSink,
  fileSink,
} from './file-sinks.ts';

export type ExportColumns = 'visible' | 'all';

export interface ExportOptions {
  format: ExportFormat;
  columns: ExportColumns;
}

export type ExportState =
  | { type: 'idle' }
  | { type: 'running'; written: number; total: number; fileName: string }
  | {
      type: 'done';
      rows: number;
      columns: number;
      bytes: number;
      fileName: string;
      saved: 'file' | 'download';
    }
  | { type: 'cancelled'; message: string }
  | { type: 'error'; message: string };

function errorText(error: unknown): string {
  if (error instanceof DOMException && error.name === 'QuotaExceededError')
    return 'the disk (or the browser’s storage quota) is full';
  return errorMessage(error);
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * The table's visible columns (what the user sees) after `_id` and `provenance.md5sum`, so every
 * row can be traced (trace-columns.ts); or every column in pandas' order.
 */
export function exportColumnNames(
  frame: Frame,
  spec: ViewSpec,
  modality: Parameters<typeof defaultColumns>[0],
  which: ExportColumns,
): string[] {
  if (which === 'all') return frame.columns.map((c) => c.name);
  const visible = shownColumns(spec.columns ?? defaultColumns(modality, frame.columns), spec);
  // A stale URL may name columns the dataset lacks: those hold no data.
  return withTraceColumns(visible, (name) => frame.has(name)).filter((name) => frame.has(name));
}

/** The name an export of `spec`'s view gets today. */
export function exportFileNameFor(options: {
  query: { software: string; versions: readonly string[]; where: string };
  modality: string;
  spec: Pick<ViewSpec, 'show' | 'filters'>;
  format: ExportFormat;
  synthetic: boolean;
}): string {
  const { query, modality, spec, format, synthetic } = options;
  return exportFileName({
    modality,
    software: query.software,
    versions: query.versions,
    show: spec.show,
    where: query.where,
    filters: spec.filters.map(formatFilter),
    date: new Date(),
    format,
    appVersion: APP_VERSION,
    synthetic,
  });
}

/** Runs exports of the current view (one at a time), with progress, Cancel and the outcome. */
export function useExport() {
  const { datasetKey, query, modality, frame, view, viewPending, spec } = useDataset();
  const synthetic = useSyntheticData().inUse;
  const [state, setState] = useState<ExportState>({ type: 'idle' });
  const running = useRef<AbortController | null>(null);

  // Leaving the table stops an export in flight rather than writing on unseen.
  useEffect(() => () => running.current?.abort(), []);

  const start = useCallback(
    async (options: ExportOptions) => {
      if (!frame || !view || viewPending || running.current) return;
      const controller = new AbortController();
      running.current = controller;
      const fileName = exportFileNameFor({
        query,
        modality,
        spec: view.spec,
        format: options.format,
        synthetic,
      });
      const columns = exportColumnNames(frame, view.spec, modality, options.columns);
      const rows = view.rows;
      let sink: FileSink | null = null;
      try {
        // First: the picker needs this click's user activation.
        const target = await chooseSaveTarget(fileName, options.format);
        if (target.type === 'cancelled') {
          setState({ type: 'cancelled', message: 'No file chosen: nothing was exported.' });
          return;
        }
        setState({ type: 'running', written: 0, total: rows.length, fileName });
        sink =
          target.type === 'file'
            ? await fileSink(target.handle)
            : downloadSink(fileName, options.format);
        await exportInWorker(
          {
            datasetKey,
            rowCount: frame.rowCount,
            columns,
            numberColumns: columns.filter((name) => frame.info(name)?.type === 'number'),
            rows,
            format: options.format,
            notes: [
              { key: 'crowdmri.app_version', value: APP_VERSION },
              {
                key: 'crowdmri.source',
                value: synthetic
                  ? `${SYNTHETIC_MARK} from the local mirror: not real scans`
                  : 'MRIQC Web API',
              },
            ],
          },
          sink,
          controller.signal,
          (written, total) => setState({ type: 'running', written, total, fileName }),
        );
        controller.signal.throwIfAborted();
        const bytes = await sink.close().catch((error: unknown) => {
          throw new SinkError(error);
        });
        setState({
          type: 'done',
          rows: rows.length,
          columns: columns.length,
          bytes,
          fileName,
          saved: target.type,
        });
      } catch (error) {
        await sink?.abort();
        if (isAbort(error) && controller.signal.aborted) {
          setState({ type: 'cancelled', message: 'Export cancelled: no file was saved.' });
        } else if (error instanceof SinkError) {
          const advice =
            error.cause instanceof BlobLimitError
              ? 'Export fewer rows or only the visible columns, or use a browser that saves large files straight to disk (Chrome, Edge).'
              : 'Free some space (or choose another place) and export again.';
          setState({
            type: 'error',
            message: `Could not write ${fileName}: ${errorText(error.cause)}. Nothing was saved; the records in this browser are unchanged. ${advice}`,
          });
        } else {
          setState({
            type: 'error',
            message: `The export stopped: ${errorText(error)}. Nothing was saved; the records in this browser are unchanged.`,
          });
        }
      } finally {
        if (running.current === controller) running.current = null;
      }
    },
    [frame, view, viewPending, datasetKey, query, modality, synthetic],
  );

  const cancel = useCallback(() => {
    running.current?.abort(new DOMException('Export cancelled', 'AbortError'));
  }, []);

  // A view being recomputed is not what the table will show: wait for it.
  const ready = frame !== null && view !== null && !viewPending;
  return { state, start, cancel, ready, frame, spec, modality };
}
