import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Modality } from '../../api/eve-url.ts';
import type { Frame } from '../../frame/frame.ts';
import type { FrameView } from '../../frame/view.ts';
import type { ViewSpec } from '../../frame/view-spec.ts';
import type { HistoryMode } from '../../lib/url-state.ts';
import { type DatasetFrameState, useDatasetFrame } from './use-dataset-frame.ts';
import { useFrameView } from './use-frame-view.ts';
import { useViewSpec } from './use-view-spec.ts';

/** What the table, charts, compare and export views share: the stored dataset and its view. */
export interface DatasetContextValue {
  datasetKey: string;
  modality: Modality;
  /** Short text naming the query (modality, software, versions, filter), for titles and files. */
  label: string;
  /** The field filter of the query as typed ('' = none), for export file names. */
  where: string;
  dataset: DatasetFrameState;
  frame: Frame | null;
  spec: ViewSpec;
  updateSpec: (patch: Partial<ViewSpec>, mode?: HistoryMode) => void;
  view: FrameView | null;
  viewPending: boolean;
  viewError: string | null;
}

const DatasetContext = createContext<DatasetContextValue | null>(null);

export function DatasetProvider(props: {
  datasetKey: string;
  modality: Modality;
  label: string;
  where: string;
  /** Changes when the stored records change (see useDatasetFrame). */
  revision: string | null;
  children: ReactNode;
}) {
  const { datasetKey, modality, label, where, revision, children } = props;
  const dataset = useDatasetFrame(datasetKey, revision);
  const frame = dataset.status === 'ready' ? dataset.frame : null;
  const { spec, update } = useViewSpec();
  const { view, pending, error } = useFrameView(frame, spec);
  const value = useMemo<DatasetContextValue>(
    () => ({
      datasetKey,
      modality,
      label,
      where,
      dataset,
      frame,
      spec,
      updateSpec: update,
      view,
      viewPending: pending,
      viewError: error,
    }),
    [datasetKey, modality, label, where, dataset, frame, spec, update, view, pending, error],
  );
  return <DatasetContext.Provider value={value}>{children}</DatasetContext.Provider>;
}

/** The current dataset and view; only inside DatasetProvider. */
export function useDataset(): DatasetContextValue {
  const value = useContext(DatasetContext);
  if (!value) throw new Error('useDataset outside DatasetProvider');
  return value;
}
