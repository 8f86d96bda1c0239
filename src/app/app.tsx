import { lazy, Suspense, useMemo } from 'react';
import { canonicalQueryKey } from '../api/explorer-query.ts';

import { heldRecords } from '../components/completeness-text.ts';
import { DatabaseNotice } from '../components/database-notice.tsx';
import { IncompleteBanner } from '../components/incomplete-banner.tsx';
import { SyntheticDataProvider, SyntheticMark } from '../components/synthetic-data.tsx';
import { useDatabaseHealth } from '../components/use-database-health.ts';
import { DatasetProvider } from '../dataset-view/dataset-context.tsx';
import { VersionNote } from '../features/about/version-note.tsx';
import { AppNotices } from '../features/app-update/app-notices.tsx';
import { InstallButton } from '../features/app-update/install-button.tsx';

import type { DatasetRun } from '../features/datasets/datasets-view.tsx';
import { DownloadPanel } from '../features/download/download-panel.tsx';
import { describeDownloadError } from '../features/download/error-text.ts';
import { type DownloadHandle, useDownload } from '../features/download/use-download.ts';
import { ExportControls } from '../features/export/export-controls.tsx';
import { QueryPanel } from '../features/query/components/query-panel.tsx';
import { QuerySummary } from '../features/query/components/query-summary.tsx';
import { useQueryActions } from '../features/query/hooks/use-query-actions.ts';
import { useQueryState } from '../features/query/hooks/use-query-state.ts';

import { describeSource } from '../features/query/sources.ts';

import { TableView } from '../features/table/table-view.tsx';
import { queryLabel } from './query-label.ts';
import { useQueryFold } from './use-query-fold.ts';
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
const AboutView = lazy(() =>
  import('../features/about/about-view.tsx').then((m) => ({ default: m.AboutView })),
);

/**
 * The server's count as the last finished run of the query checked it: newer than the count
 * taken when Download was pressed. None when the server's answers could not be trusted.
 */
function latestTotal(download: DownloadHandle): { key: string; total: number } | null {
  const outcome = download.run?.outcome;
  const kind = outcome?.check?.type;
  if (!outcome || outcome.total === null || kind === 'inconsistent' || kind === 'unchecked') {
    return null;
  }
  return { key: download.key, total: outcome.total };
}

/** This tab's latest run, as the Datasets view shows it in the dataset's row. */
function datasetRun(download: DownloadHandle): DatasetRun | null {
  const run = download.lastRun;
  if (!run) return null;
  const progress = run.progress;
  return {
    key: run.key,
    mode: run.mode,
    status: run.status,
    fetched: progress?.fetched ?? null,
    total: progress?.total ?? null,
    added: run.outcome?.added ?? null,
    stored: run.outcome?.stored ?? null,
    error: run.error ? describeDownloadError(run.error, true, navigator.onLine).title : null,
  };
}

export function App() {
  // Both features read the query from the URL; the app hands Download from one to the other.
  const { query } = useQueryState();
  const { update, open, read } = useQueryActions();
  const download = useDownload(query);
  const [view, setView] = useCurrentView();
  const database = useDatabaseHealth();
  const fold = useQueryFold(download);
  const saved = download.saved;
  // Records saved, not all of them, and no run adding to them now.
  const partial =
    saved && !saved.complete && saved.stored > 0 && !download.active && !download.otherTab
      ? saved
      : null;
  const source = describeSource(query.source);
  const synthetic = {
    inUse: source.kind === 'mirror',
    isSynthetic: (base: string) => describeSource(base).kind === 'mirror',
  };
  // Objects made once per value, so the memoised query form skips renders that change nothing.
  const latest = latestTotal(download);
  const latestKey = latest?.key ?? null;
  const latestCount = latest?.total ?? null;
  const latestForForm = useMemo(
    () =>
      latestKey === null || latestCount === null ? null : { key: latestKey, total: latestCount },
    [latestKey, latestCount],
  );
  // Resume is the main action while it has work: Download would only resume too.
  const offerStartOver = !!saved?.resumable && !download.active && !download.otherTab;
  const storedCount = saved?.stored ?? 0;
  const storedTotal = saved?.total ?? null;
  const startOver = useMemo(
    () =>
      offerStartOver
        ? { stored: storedCount, total: storedTotal, onConfirm: download.startOver }
        : null,
    [offerStartOver, storedCount, storedTotal, download.startOver],
  );
  const openStored = (search: string) => {
    fold.foldFor(canonicalQueryKey(open(search, 'table')));
  };
  return (
    <SyntheticDataProvider value={synthetic}>
      <div className="page">
        <header className={fold.folded ? 'masthead masthead-folded' : 'masthead'}>
          <InstallButton />
          <h1>CrowdMRI Explorer</h1>
          <p className="lede">
            Find and download the image-quality metrics (IQMs) that MRIQC users around the world
            have shared for their T1w, T2w and BOLD scans: choose the scans, the MRIQC versions and
            any other condition, see how many records match, and save them all in this browser.
          </p>
        </header>
        <AppNotices busy={download.active} />
        <main>
          {fold.folded && saved ? (
            <QuerySummary
              query={query}
              records={heldRecords(saved)}
              onEdit={fold.edit}
              takeFocus={fold.takeFocus}
            />
          ) : null}
          <QueryPanel
            onDownload={download.download}
            latestTotal={latestForForm}
            hidden={fold.folded && !!saved}
            startOver={startOver}
          />
          <DatabaseNotice health={database.health} onDismiss={database.dismiss} />
          <DownloadPanel download={download} compact={fold.folded} />
          <section className="views" aria-label="Saved records">
            <ViewTabs current={view} onSelect={setView} />
            <div
              className="view-panel"
              role="tabpanel"
              id={`panel-${view}`}
              aria-labelledby={`tab-${view}`}
            >
              {view === 'about' ? null : <SyntheticMark />}
              {partial && (view === 'table' || view === 'charts' || view === 'compare') ? (
                <IncompleteBanner dataset={partial} resumable={partial.resumable} />
              ) : null}
              <Suspense fallback={<p className="muted">Loading this view…</p>}>
                <DatasetProvider datasetKey={download.key} query={query} label={queryLabel(query)}>
                  {view === 'table' ? <TableView exportControls={<ExportControls />} /> : null}
                  {view === 'charts' ? <ChartsView /> : null}
                  {view === 'compare' ? (
                    <CompareView onSwitchModality={(modality) => update({ modality })} />
                  ) : null}
                </DatasetProvider>
                {view === 'datasets' ? (
                  <DatasetsView
                    onOpen={openStored}
                    // Stays here: the row shows the run, the download panel too when it is
                    // the current query's.
                    onRefresh={(search) => download.refresh(read(search))}
                    run={datasetRun(download)}
                    onDeleted={download.forget}
                    otherTabs={download.otherTabs}
                    activeKey={
                      download.active
                        ? (download.run?.key ?? download.elsewhere?.key ?? null)
                        : null
                    }
                  />
                ) : null}
                {view === 'about' ? <AboutView /> : null}
              </Suspense>
            </div>
          </section>
        </main>
        <footer className="footer">
          <p>
            <SourceLine base={source.base} kind={source.kind} />
          </p>
          <VersionNote
            onAbout={() => {
              setView('about');
              document.getElementById('tab-about')?.focus();
            }}
          />
        </footer>
      </div>
    </SyntheticDataProvider>
  );
}

/** The footer's first words: where the data shown come from (the source in use). */
function SourceLine({ base, kind }: { base: string; kind: 'public' | 'mirror' | 'custom' }) {
  const host = hostOf(base);
  if (kind === 'mirror') {
    return (
      <>
        Data: synthetic demo records from the local mirror at <code>{host}</code> — shaped like the
        MRIQC Web API's, not real scans.
      </>
    );
  }
  const about = (
    <>
      crowdsourced from{' '}
      <a href="https://mriqc.readthedocs.io/en/latest/" rel="noreferrer">
        MRIQC
      </a>{' '}
      runs. Each record holds one scan's metrics, its BIDS metadata and the MRIQC version that
      computed them.
    </>
  );
  return kind === 'public' ? (
    <>
      Data: the MRIQC Web API at <code>{host}</code>, {about}
    </>
  ) : (
    <>
      Data: the API at <code>{base}</code> (not the public MRIQC Web API), {about}
    </>
  );
}

function hostOf(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
}
