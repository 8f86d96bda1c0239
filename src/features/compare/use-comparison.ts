import { useCallback, useEffect, useState } from 'react';
import { compareInWorker, parseInWorker } from '../../compare/compare-client.ts';
import { testedSideOf } from '../../compare/compare-iqm.ts';
import { assembleComparison, type Comparison } from '../../compare/comparison.ts';
import { modalityMismatch } from '../../compare/file-modality.ts';
import type { GroupFile } from '../../compare/parse-group-file.ts';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import { errorMessage } from '../../lib/error-message.ts';

export type FileState =
  | { status: 'none' }
  | { status: 'reading'; name: string }
  | { status: 'error'; name: string; message: string }
  | { status: 'ready'; name: string; file: GroupFile };

export type CompareState =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number }
  | { status: 'done' }
  | { status: 'error'; message: string };

export interface ComparisonResult {
  /** The crowd dataset compared against. */
  datasetKey: string;
  comparison: Comparison;
  /** Rows of the crowd view compared against. */
  crowdRows: number;
  /** File IQMs the crowd dataset has no numbers for. */
  notInCrowd: string[];
}

/**
 * The user's file and its comparison with the crowd's rows (useCrowd), redone whenever the
 * crowd changes (its choice, the table's filters, a refreshed dataset). The last result stays on
 * screen while a newer one computes.
 */
export function useComparison(crowd: { rows: Uint32Array } | null) {
  const { datasetKey, modality, frame } = useDataset();
  const view = crowd;
  const [fileState, setFileState] = useState<FileState>({ status: 'none' });
  const [compare, setCompare] = useState<CompareState>({ status: 'idle' });
  const [result, setResult] = useState<ComparisonResult | null>(null);

  const pick = useCallback((file: File) => {
    setFileState({ status: 'reading', name: file.name });
    setResult(null);
    parseInWorker(file).then(
      (parsed) =>
        setFileState(
          parsed.type === 'ok'
            ? { status: 'ready', name: file.name, file: parsed }
            : { status: 'error', name: file.name, message: parsed.message },
        ),
      (error: unknown) =>
        setFileState({
          status: 'error',
          name: file.name,
          message: `The file could not be read: ${errorMessage(error)}`,
        }),
    );
  }, []);

  const file = fileState.status === 'ready' ? fileState.file : null;
  const mismatch = file ? modalityMismatch(file.modality, modality) : null;
  const blocked = mismatch !== null;

  useEffect(() => {
    if (!file || blocked || !frame || !view) {
      setCompare({ status: 'idle' });
      if (!file || blocked) setResult(null);
      return;
    }
    const wanted = file.iqms.map((iqm, i) => ({ iqm, values: file.values[i]! }));
    const inCrowd = wanted.filter((w) => frame.has(w.iqm));
    setCompare({ status: 'running', done: 0, total: inCrowd.length });
    const request = {
      datasetKey,
      rows: view.rows,
      iqms: inCrowd.map((w) => w.iqm),
      user: inCrowd.map((w) => w.values),
      tested: inCrowd.map((w) => testedSideOf(modality, w.iqm)),
    };
    const absent = wanted.filter((w) => !frame.has(w.iqm)).map((w) => w.iqm);
    const show = (iqms: ComparisonResult['comparison']['iqms'], notInCrowd: string[]) =>
      setResult({
        datasetKey,
        comparison: assembleComparison(file, iqms),
        crowdRows: view.rows.length,
        notInCrowd,
      });
    // A newer view or file cancels this comparison (the workers stop, the promise rejects).
    const controller = new AbortController();
    compareInWorker(request, {
      signal: controller.signal,
      onProgress: (done, total, partial) => {
        setCompare({ status: 'running', done, total });
        if (partial.length > 0 && done < total) show(partial, absent);
      },
    }).then(
      ({ iqms, skipped }) => {
        if (controller.signal.aborted) return;
        show(iqms, [...absent, ...skipped]);
        setCompare({ status: 'done' });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setCompare({ status: 'error', message: `The comparison failed: ${errorMessage(error)}` });
      },
    );
    return () => controller.abort();
  }, [file, blocked, frame, view, datasetKey, modality]);

  // A result is only shown against the crowd it was computed from (not after a switch).
  const current = result && result.datasetKey === datasetKey && frame ? result : null;
  return { fileState, pick, mismatch, compare, result: current };
}
