import { useId, useState } from 'react';
import { datasetStatus } from '../../components/completeness-text.ts';
import { useSyntheticData } from '../../components/synthetic-data.tsx';
import { ACTIVE_RUN_STATUSES, type RunStatus } from '../../download/protocol.ts';
import { datasetLabel, datasetSearch, sourceLabel } from '../../lib/dataset-label.ts';
import { errorMessage } from '../../lib/error-message.ts';
import { formatBytes } from '../../lib/format-bytes.ts';
import { shareOfUsage } from '../../store/dataset-size.ts';
import type { DatasetRecord } from '../../store/datasets.ts';
import { DeleteDialog } from './delete-dialog.tsx';
import { useDatasetList, useUniqueCount } from './use-datasets.ts';
import './datasets.css';

/** What the datasets list needs from the app: open a stored query, refresh it. */
export interface DatasetsViewProps {
  /** Shows the stored dataset: navigates to its query (`?source=…&modality=…`). */
  onOpen: (search: string) => void;
  /** Starts a refresh of the dataset's query (the view stays: the row shows it). */
  onRefresh: (search: string) => void;
  /** This tab's latest run, of whichever dataset. */
  run?: DatasetRun | null;
  /** The dataset a download is running for (its buttons are disabled), if any. */
  activeKey: string | null;
  /**
   * Datasets other tabs of this browser are downloading, and a count of their runs' ends and
   * deletes (the list is re-read when it changes).
   */
  otherTabs?: { keys: ReadonlyMap<string, unknown>; events: number };
  /**
   * Optional: told after a dataset is deleted, so the app can forget what it shows of it (the
   * download panel's counts, an open frame) when it was the current query's.
   */
  onDeleted?: (key: string) => void;
}

/** This tab's latest run (the app's download), shown in its dataset's row. */
export interface DatasetRun {
  key: string;
  mode: 'download' | 'refresh';
  status: RunStatus;
  fetched: number | null;
  total: number | null;
  /** Records the finished run added, and the dataset's count after it. */
  added: number | null;
  stored: number | null;
  /** The failure's title, when it failed. */
  error: string | null;
}

const count = (n: number) => n.toLocaleString('en-US');
const records = (n: number) => `${count(n)} ${n === 1 ? 'record' : 'records'}`;

/** The status cell while this tab's run of the dataset goes: what it has fetched so far. */
function runningText(run: DatasetRun): string {
  const verb = run.mode === 'refresh' ? 'Refreshing now' : 'Downloading now';
  if (run.fetched === null) return `${verb}…`;
  return run.total === null
    ? `${verb}: ${count(run.fetched)}`
    : `${verb}: ${count(run.fetched)} of ${count(Math.max(run.total, run.fetched))}`;
}

/** The end of a run started here, in a sentence about the dataset `label`. */
function runResult(run: DatasetRun, label: string): string | null {
  if (run.status === 'failed') return `${label}: ${run.error ?? 'the run failed'}`;
  if (run.status === 'paused') return `${label}: paused; Resume continues it.`;
  if (run.status === 'cancelled') return `${label}: cancelled; what was saved is kept.`;
  if (run.status !== 'done' || run.stored === null) return null;
  if (run.mode === 'refresh' && run.added !== null) {
    const found = run.added === 0 ? 'no new records' : `${records(run.added)} new`;
    return `Refreshed ${label}: ${found} (${records(run.stored)} in all).`;
  }
  return `Downloaded ${label}: ${records(run.stored)}.`;
}

function UniqueCell({ dataset }: { dataset: DatasetRecord }) {
  const unique = useUniqueCount(dataset.key, dataset.stored);
  if (unique.isPending) return <td aria-busy="true">…</td>;
  if (unique.isError) return <td title={unique.error.message}>not counted</td>;
  return <td>{count(unique.data)}</td>;
}

function DatasetRow(props: {
  dataset: DatasetRecord;
  size: number | null;
  active: boolean;
  /** This tab's run of this dataset, if it is the latest. */
  run: DatasetRun | null;
  onRefresh: () => void;
  /** Downloading in another tab: Refresh waits; Delete is refused (by the dataset's lock). */
  elsewhere: boolean;
  actions: DatasetsViewProps;
  onDelete: () => void;
}) {
  const { dataset, size, active, run, elsewhere, actions, onDelete } = props;
  const labelId = useId();
  const synthetic = useSyntheticData().isSynthetic(dataset.source);
  const label = datasetLabel(dataset.query);
  const search = datasetSearch(dataset.query);
  const status = datasetStatus(dataset);
  return (
    <tr>
      <th scope="row" id={labelId}>
        <span className="datasets-label">{label}</span>
        <span className="datasets-source">
          from {sourceLabel(dataset.source)}
          {synthetic ? ' — synthetic demo data' : ''}
        </span>
      </th>
      <td>{count(dataset.stored)}</td>
      <UniqueCell dataset={dataset} />
      <td>{size === null ? '—' : `≈ ${formatBytes(size)}`}</td>
      <td>
        <time dateTime={new Date(dataset.updatedAt).toISOString()}>
          {new Date(dataset.updatedAt).toLocaleString()}
        </time>
      </td>
      <td>
        {run && ACTIVE_RUN_STATUSES.has(run.status)
          ? runningText(run)
          : active
            ? 'Downloading now'
            : elsewhere
              ? 'Downloading in another tab'
              : status}
      </td>
      <td className="datasets-actions">
        <div className="datasets-actions-row">
          <button
            type="button"
            className="secondary"
            aria-describedby={labelId}
            onClick={() => actions.onOpen(search)}
          >
            Open
          </button>
          <button
            type="button"
            className="secondary"
            aria-describedby={labelId}
            disabled={active || elsewhere}
            onClick={props.onRefresh}
          >
            {/* Either way: what is missing is fetched again first, then what is new. */}
            {dataset.complete ? 'Refresh' : 'Resume'}
          </button>
          <button
            type="button"
            className="secondary danger-outline"
            aria-describedby={labelId}
            disabled={active}
            onClick={onDelete}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}

interface DeleteState {
  label: string;
  /** The dataset is gone; the space its records took is still being freed. */
  freeing: boolean;
  /** Freeing stopped (the dataset stays deleted). */
  error?: string;
}

/** What the last Delete did; a polite status while it frees space, an alert if that failed. */
function DeleteStatus({ deleted }: { deleted: DeleteState | null }) {
  if (!deleted) return null;
  if (deleted.error) {
    return (
      <p role="alert" className="datasets-error">
        Deleted the records of {deleted.label}, but freeing the disk space they took stopped:{' '}
        {deleted.error} The app tries again in the background.
      </p>
    );
  }
  return (
    <p role="status" className="datasets-done">
      Deleted the records of {deleted.label}.
      {deleted.freeing ? (
        <>
          {' '}
          <span className="datasets-freeing">Freeing the disk space they took…</span>
        </>
      ) : null}
    </p>
  );
}

/** Every query saved in this browser: what it holds, and open / refresh / delete. */
export function DatasetsView(props: DatasetsViewProps) {
  const { otherTabs } = props;
  // Re-read when other tabs start or end runs, or delete; not on each of their progress updates.
  const list = useDatasetList(
    props.activeKey,
    otherTabs ? `${otherTabs.events}:${[...otherTabs.keys.keys()].sort().join('\n')}` : '',
  );
  const [target, setTarget] = useState<DatasetRecord | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  // The last Delete: once its dataset is gone, while its records' space is freed, and after.
  const [deleted, setDeleted] = useState<DeleteState | null>(null);
  // The dataset whose Refresh (or Resume) was pressed here: its run's end is told here.
  const [refreshed, setRefreshed] = useState<{ key: string; label: string } | null>(null);
  const run = props.run ?? null;
  const result =
    refreshed && run?.key === refreshed.key && !ACTIVE_RUN_STATUSES.has(run.status)
      ? runResult(run, refreshed.label)
      : null;

  if (list.isPending) return <p role="status">Reading the saved datasets…</p>;
  if (list.isError) {
    return (
      <p role="alert" className="datasets-error">
        The saved datasets could not be read: {list.error.message}
      </p>
    );
  }
  const { datasets, usage } = list.data;
  const allRecords = datasets.reduce((n, d) => n + d.stored, 0);
  const confirm = async () => {
    if (!target) return;
    const { key } = target;
    const label = datasetLabel(target.query);
    setDeleting(true);
    setDeleteError(null);
    let gone = false;
    try {
      // The dialog closes as soon as the dataset is gone; freeing its space goes on meanwhile.
      await list.remove(key, () => {
        gone = true;
        props.onDeleted?.(key);
        setDeleted({ label, freeing: true });
        setTarget(null);
        setDeleting(false);
      });
      setDeleted({ label, freeing: false });
    } catch (error) {
      if (gone) {
        setDeleted({ label, freeing: false, error: errorMessage(error) });
      } else {
        setDeleteError(
          error instanceof Error && error.name === 'DatasetBusyError'
            ? `${error.message} Pause it there, or let it finish, then delete it.`
            : errorMessage(error),
        );
        setTarget(null);
      }
    } finally {
      setDeleting(false);
    }
  };
  return (
    <section className="datasets" aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets saved in this browser</h2>
      <p className="datasets-intro">
        One dataset per query (modality, software, versions, filter and source). Sizes are estimates
        (≈): the browser's storage use shared out by records.
      </p>
      <DeleteStatus deleted={deleted} />
      {refreshed ? (
        <p role="status" className="datasets-done">
          {result ??
            (run?.key === refreshed.key && ACTIVE_RUN_STATUSES.has(run.status)
              ? `${run.mode === 'refresh' ? 'Refreshing' : 'Downloading'} ${refreshed.label}…`
              : '')}
        </p>
      ) : null}
      {deleteError ? (
        <p role="alert" className="datasets-error">
          The dataset could not be deleted: {deleteError}
        </p>
      ) : null}
      {datasets.length === 0 ? (
        <p className="muted">No datasets are saved in this browser yet: download a query above.</p>
      ) : (
        <div className="datasets-wrap">
          <table className="datasets-table" aria-label="Saved datasets">
            <thead>
              <tr>
                <th scope="col">Query</th>
                <th scope="col">Records</th>
                <th scope="col">Unique</th>
                <th scope="col">Size on disk</th>
                <th scope="col">Last refreshed</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((dataset) => (
                <DatasetRow
                  key={dataset.key}
                  dataset={dataset}
                  size={usage === null ? null : shareOfUsage(usage, dataset.stored, allRecords)}
                  active={props.activeKey === dataset.key}
                  run={run?.key === dataset.key ? run : null}
                  onRefresh={() => {
                    setDeleted(null);
                    setRefreshed({ key: dataset.key, label: datasetLabel(dataset.query) });
                    props.onRefresh(datasetSearch(dataset.query));
                  }}
                  elsewhere={props.otherTabs?.keys.has(dataset.key) ?? false}
                  actions={props}
                  onDelete={() => {
                    setDeleted(null);
                    setTarget(dataset);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DeleteDialog
        target={target ? { label: datasetLabel(target.query), records: target.stored } : null}
        busy={deleting}
        onConfirm={() => void confirm()}
        onCancel={() => setTarget(null)}
      />
    </section>
  );
}
