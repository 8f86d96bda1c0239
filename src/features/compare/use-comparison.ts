import { useCallback, useEffect, useState } from 'react';
import {
  assembleComparison,
  type Comparison,
  type IqmComparison,
} from '../../compare/comparison.ts';
import { modalityMismatch } from '../../compare/file-modality.ts';
import type { GroupFile } from '../../compare/parse-group-file.ts';
import { useDataset } from '../dataset/dataset-context.tsx';
import { compareInWorker, parseInWorker } from './compare-client.ts';

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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The user's file and its comparison with the current crowd view (useDataset().view), redone
 * whenever the view changes (filters, dedup, a refreshed dataset). The last result stays on
 * screen while a newer one computes.
 */
export function useComparison() {
  const { datasetKey, modality, frame, view } = useDataset();
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
          message: `The file could not be read: ${messageOf(error)}`,
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
    let live = true;
    const wanted = file.iqms.map((iqm, i) => ({ iqm, values: file.values[i]! }));
    const inCrowd = wanted.filter((w) => frame.has(w.iqm));
    setCompare({ status: 'running', done: 0, total: inCrowd.length });
    const request = {
      datasetKey,
      rows: view.rows,
      iqms: inCrowd.map((w) => w.iqm),
      user: inCrowd.map((w) => w.values),
    };
    const absent = wanted.filter((w) => !frame.has(w.iqm)).map((w) => w.iqm);
    const partial: IqmComparison[] = [];
    let shownAt = 0;
    compareInWorker(request, (done, total, iqm) => {
      if (!live) return;
      setCompare({ status: 'running', done, total });
      if (iqm) partial.push(iqm);
      // Partial results at most twice a second: each one re-renders the table and charts.
      const now = performance.now();
      if (iqm && done < total && now - shownAt >= 500) {
        shownAt = now;
        setResult({
          datasetKey,
          comparison: assembleComparison(file, [...partial]),
          crowdRows: view.rows.length,
          notInCrowd: absent,
        });
      }
    }).then(
      ({ iqms, skipped }) => {
        if (!live) return;
        setResult({
          datasetKey,
          comparison: assembleComparison(file, iqms),
          crowdRows: view.rows.length,
          notInCrowd: [...absent, ...skipped],
        });
        setCompare({ status: 'done' });
      },
      (error: unknown) => {
        if (live)
          setCompare({ status: 'error', message: `The comparison failed: ${messageOf(error)}` });
      },
    );
    return () => {
      live = false;
    };
  }, [file, blocked, frame, view, datasetKey]);

  // A result is only shown against the crowd it was computed from (not after a switch).
  const current = result && result.datasetKey === datasetKey && frame ? result : null;
  return { fileState, pick, mismatch, compare, result: current };
}
