import { lazy, Suspense } from 'react';
import { parseQuery, serializeQuery } from '../api/explorer-query.ts';
import { DatasetProvider } from '../features/dataset/dataset-context.tsx';
import { DownloadPanel } from '../features/download/download-panel.tsx';
import { useDownload } from '../features/download/use-download.ts';
import { QueryPanel } from '../features/query/components/query-panel.tsx';
import { useQueryState } from '../features/query/hooks/use-query-state.ts';
import { QUERY_DEFAULTS } from '../features/query/sources.ts';
import { TableView } from '../features/table/table-view.tsx';
import { writeSearch } from '../lib/url-state.ts';
import { queryLabel } from './query-label.ts';
import { useCurrentView, ViewTabs } from './view-tabs.tsx';

// Charts (Observable Plot and d3), Compare and Datasets load when first opened: the page that
// opens on the table doesn't parse ~500 kB of chart code first.
const ChartsView = lazy(() =>
  import('../features/charts/charts-view.tsx').then((m) => ({ default: m.ChartsView })),
);
const CompareView = lazy(() =>
  import('../features/compare/compare-view.tsx').then((m) => ({ default: m.CompareView })),
);
const DatasetsView = lazy(() =>
  import('../features/datasets/datasets-view.tsx').then((m) => ({ default: m.DatasetsView })),
);

export function App() {
  // Both features read the query from the URL; the app hands Download from one to the other.
  const { query } = useQueryState();
  const download = useDownload(query);
  const [view, setView] = useCurrentView();
  // The stored records change when a run ends (done, paused, failed): reopen the frame then.
  // null while the saved count is still being read: opening the frame then and again once it
  // is known would load every shown column twice.
  const revision = download.active
    ? 'running'
    : download.saved === undefined
      ? null
      : `${download.saved?.stored ?? 0}`;
  const openStored = (search: string, mode: 'open' | 'refresh') => {
    const stored = parseQuery(search, QUERY_DEFAULTS);
    writeSearch(serializeQuery({ ...stored, extra: [['view', 'table']] }), 'push');
    if (mode === 'refresh') download.refresh(stored);
  };
  return (
    <div className="page">
      <header className="masthead">
        <h1>CrowdMRI Explorer</h1>
        <p className="lede">
          Find and download the image-quality metrics (IQMs) that MRIQC users around the world have
          shared for their T1w, T2w and BOLD scans: choose the scans, the MRIQC versions and any
          other condition, see how many records match, and save them all in this browser.
        </p>
      </header>
      <main>
        <QueryPanel
          onDownload={download.download}
          latestTotal={
            download.run?.outcome?.total != null
              ? { key: download.key, total: download.run.outcome.total }
              : null
          }
        />
        <DownloadPanel download={download} />
        <section className="views" aria-label="Saved records">
          <ViewTabs current={view} onSelect={setView} />
          <div
            className="view-panel"
            role="tabpanel"
            id={`panel-${view}`}
            aria-labelledby={`tab-${view}`}
          >
            <Suspense fallback={<p className="muted">Loading this view…</p>}>
              <DatasetProvider
                datasetKey={download.key}
                modality={query.modality}
                label={queryLabel(query)}
                where={query.where}
                revision={revision}
              >
                {view === 'table' ? <TableView /> : null}
                {view === 'charts' ? <ChartsView /> : null}
                {view === 'compare' ? <CompareView /> : null}
              </DatasetProvider>
              {view === 'datasets' ? (
                <DatasetsView
                  onOpen={(search) => openStored(search, 'open')}
                  onRefresh={(search) => openStored(search, 'refresh')}
                  onDeleted={download.forget}
                  activeKey={
                    download.active ? (download.run?.key ?? download.elsewhere?.key ?? null) : null
                  }
                />
              ) : null}
            </Suspense>
          </div>
        </section>
      </main>
      <footer className="footer">
        <p>
          Data: the{' '}
          <a href="https://mriqc.readthedocs.io/en/latest/" rel="noreferrer">
            MRIQC
          </a>{' '}
          Web API at <code>mriqc.nimh.nih.gov</code>, crowdsourced from MRIQC runs. Each record
          holds one scan's metrics, its BIDS metadata and the MRIQC version that computed them.
        </p>
      </footer>
    </div>
  );
}
