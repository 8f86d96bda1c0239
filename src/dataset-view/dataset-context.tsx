import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Modality } from '../api/eve-url.ts';
import type { ExplorerQuery } from '../api/explorer-query.ts';
import type { Frame } from '../frame/frame.ts';
import type { FrameView } from '../frame/view.ts';
import type { ViewSpec } from '../frame/view-spec.ts';
import type { HistoryMode } from '../lib/url-state.ts';
import { type DatasetFrameState, useDatasetFrame } from '../queries/use-dataset-frame.ts';
import { useFrameView } from '../queries/use-frame-view.ts';
import { useViewSpec } from './use-view-spec.ts';

/** What the table, charts, compare and export views share: the stored dataset and its view. */
export interface DatasetContextValue {
  datasetKey: string;
  /** The query whose records these are (modality, software, versions, filter as typed). */
  query: Omit<ExplorerQuery, 'extra'>;
  modality: Modality;
  /** Short text naming the query (modality, software, versions, filter), for titles and files. */
  label: string;
  dataset: DatasetFrameState;
  frame: Frame | null;
  spec: ViewSpec;
  updateSpec: (patch: Partial<ViewSpec>, mode?: HistoryMode) => void;
  view: FrameView | null;
  viewPending: boolean;
  viewError: string | null;
}

const DatasetContext = createContext<DatasetContextValue | null>(null);

/**
 * The stored dataset of the current query and its view, for every view below. The frame comes
 * from the query cache (reopened when a download changes what is stored); the view spec from
 * the page URL.
 */
export function DatasetProvider(props: {
  datasetKey: string;
  query: ExplorerQuery;
  label: string;
  children: ReactNode;
}) {
  const { datasetKey, label, children } = props;
  const { source, modality, software, versions, where } = props.query;
  // Only the query's own fields: other params (the view's sort, the charts') change the URL
  // without changing whose records these are.
  const versionList = versions.join('\n');
  const query = useMemo(
    () => ({
      source,
      modality,
      software,
      versions: versionList ? versionList.split('\n') : [],
      where,
    }),
    [source, modality, software, versionList, where],
  );
  const dataset = useDatasetFrame(datasetKey);
  const frame = dataset.status === 'ready' ? dataset.frame : null;
  const { spec, update } = useViewSpec();
  const { view, pending, error } = useFrameView(datasetKey, frame, spec);
  const value = useMemo<DatasetContextValue>(
    () => ({
      datasetKey,
      query,
      modality: query.modality,
      label,
      dataset,
      frame,
      spec,
      updateSpec: update,
      view,
      viewPending: pending,
      viewError: error,
    }),
    [datasetKey, query, label, dataset, frame, spec, update, view, pending, error],
  );
  return <DatasetContext.Provider value={value}>{children}</DatasetContext.Provider>;
}

/** The current dataset and view; only inside DatasetProvider. */
export function useDataset(): DatasetContextValue {
  const value = useContext(DatasetContext);
  if (!value) throw new Error('useDataset outside DatasetProvider');
  return value;
}
