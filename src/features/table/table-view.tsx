import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import type { Column } from '../../frame/column.ts';
import type { DedupResult } from '../../frame/dedup.ts';
import { defaultColumns } from '../../frame/default-columns.ts';
import type { Frame } from '../../frame/frame.ts';
import { keyColumns, shownColumns } from '../../frame/view.ts';
import { useColumns } from '../../queries/use-columns.ts';
import { ActiveFilters } from './active-filters.tsx';
import { ColumnPicker } from './column-picker.tsx';
import { setColumnFilter } from './filter-edit.ts';
import { FilterEditor } from './filter-editor.tsx';
import { GroupPanel } from './group-panel.tsx';
import { COPIES_ID } from './records-columns.ts';
import { RecordsGrid } from './records-grid.tsx';
import { RowsControls } from './rows-controls.tsx';
import { useRecordsTable } from './use-records-table.ts';
import { ViewSummary } from './view-summary.tsx';
import './table.css';

/**
 * The Records tab: the stored dataset of the current query as a de-duplicated table.
 * `exportControls` fills the toolbar's export slot (the app composes the export feature in).
 */
export function TableView({ exportControls }: { exportControls?: ReactNode }) {
  const { dataset } = useDataset();
  switch (dataset.status) {
    case 'loading':
      return (
        <p className="table-state" role="status">
          Opening the records saved in this browser…
        </p>
      );
    case 'empty':
      return (
        <p className="table-state" role="status">
          No records of this query are saved in this browser yet. Download them above, and they
          appear here.
        </p>
      );
    case 'error':
      return (
        <p className="table-state table-error" role="alert">
          The saved records could not be opened: {dataset.message}
        </p>
      );
    case 'ready':
      return <RecordsTable frame={dataset.frame} exportControls={exportControls} />;
  }
}

type Panel = { type: 'columns' } | { type: 'filter'; column: string } | null;

function RecordsTable({ frame, exportControls }: { frame: Frame; exportControls: ReactNode }) {
  const { datasetKey, modality, spec, updateSpec, view, viewPending, viewError } = useDataset();
  const visible = useMemo(
    () =>
      shownColumns(spec.columns ?? defaultColumns(modality, frame.columns), {
        show: spec.show,
        dedup: spec.dedup,
      }),
    [spec.columns, spec.show, spec.dedup, modality, frame],
  );
  const table = useRecordsTable({ frame, modality, spec, visible, updateSpec });
  // The first rows of each column first: the top of the table shows while whole columns load.
  const loaded = useColumns(frame, visible, { firstRows: true });
  const leaves = table.getVisibleLeafColumns();
  const data = useMemo<(Column | undefined)[]>(() => {
    const byName = new Map(visible.map((name, i) => [name, loaded.shown[i]]));
    return leaves.map((c) => (c.id === COPIES_ID ? undefined : byName.get(c.id)));
  }, [leaves, visible, loaded.shown]);
  const [panel, setPanel] = useState<Panel>(null);
  // A group id means something only for the dedup it came from.
  const [expanded, setExpanded] = useState<{ group: number; of: DedupResult } | null>(null);
  const expandedGroup = view && expanded?.of === view.dedup ? expanded.group : null;

  // Stable between renders that change neither, so the memoised rows don't all re-render.
  const toggleGroup = useCallback(
    (frameRow: number) => {
      if (!view) return;
      const group = view.dedup.groupId[frameRow]!;
      setExpanded(expandedGroup === group ? null : { group, of: view.dedup });
    },
    [view, expandedGroup],
  );
  const filterOf = (column: string) => spec.filters.find((f) => f.column === column);

  return (
    <div className="records-table">
      <div className="table-toolbar">
        {view ? <ViewSummary view={view} pending={viewPending} reading={loaded.loading} /> : null}
        {exportControls ? <div className="toolbar-export">{exportControls}</div> : null}
      </div>
      <div className="table-toolbar">
        <RowsControls spec={spec} updateSpec={updateSpec} />
        <button
          type="button"
          className="columns-button"
          aria-expanded={panel?.type === 'columns'}
          onClick={() => setPanel(panel?.type === 'columns' ? null : { type: 'columns' })}
        >
          Columns ({visible.length})
        </button>
      </div>
      <ActiveFilters
        filters={spec.filters}
        onEdit={(column) => setPanel({ type: 'filter', column })}
        onRemove={(index) => updateSpec({ filters: spec.filters.filter((_, i) => i !== index) })}
        onClear={() => updateSpec({ filters: [] })}
      />
      {panel?.type === 'columns' ? (
        <ColumnPicker
          table={table}
          modality={modality}
          columns={frame.columns}
          visible={visible}
          {...(spec.show === 'duplicates' ? { locked: new Set(keyColumns(spec)) } : {})}
          onDefaults={() => updateSpec({ columns: null })}
          onClose={() => setPanel(null)}
        />
      ) : null}
      {panel?.type === 'filter' ? (
        <FilterEditor
          key={panel.column}
          datasetKey={datasetKey}
          frame={frame}
          spec={spec}
          column={panel.column}
          current={filterOf(panel.column)}
          onApply={(filter) => {
            updateSpec({ filters: setColumnFilter(spec.filters, panel.column, filter) });
            setPanel(null);
          }}
          onClose={() => setPanel(null)}
        />
      ) : null}
      {viewError ? (
        <p className="table-error" role="alert">
          The table could not be updated: {viewError}
        </p>
      ) : null}
      {[...loaded.errors].map(([name, message]) => (
        <p key={name} className="table-error" role="alert">
          The column {name} could not be read: {message}
        </p>
      ))}
      {view ? (
        <RecordsGrid
          table={table}
          view={view}
          data={data}
          busy={viewPending || loaded.waiting}
          expandedGroup={expandedGroup}
          onToggleGroup={toggleGroup}
          onFilter={(column) => setPanel({ type: 'filter', column })}
        />
      ) : viewError ? null : (
        <p className="table-state" role="status">
          <span className="spinner" aria-hidden="true" /> Preparing the table: reading the columns
          and finding duplicate uploads…
        </p>
      )}
      {view && view.rows.length === 0 ? (
        <p className="table-state">No rows match: remove a filter or show all rows.</p>
      ) : null}
      {view && expandedGroup !== null ? (
        <GroupPanel
          key={expandedGroup}
          frame={frame}
          view={view}
          spec={spec}
          group={expandedGroup}
          visible={visible}
          onClose={() => setExpanded(null)}
        />
      ) : null}
    </div>
  );
}
