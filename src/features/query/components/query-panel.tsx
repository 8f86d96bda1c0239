import { type FormEvent, memo, useRef, useState } from 'react';
import type { RecordQuery } from '../../../api/eve-url.ts';
import {
  canonicalQueryKey,
  cleanVersions,
  type ExplorerQuery,
  requestTooLong,
  toRecordQuery,
} from '../../../api/explorer-query.ts';
import { type FacetValue, hasCondition, withCondition, withoutField } from '../../../api/facets.ts';
import { parseFieldFilter } from '../../../api/where.ts';
import { VERSION_FIELD } from '../../../data/facet-fields.ts';
import { useLiveCount } from '../hooks/use-live-count.ts';
import { useMatchCount } from '../hooks/use-match-count.ts';
import { useQueryActions } from '../hooks/use-query-actions.ts';
import { useQueryState } from '../hooks/use-query-state.ts';
import { useSourceProbes } from '../hooks/use-source-probes.ts';
import { filterStorageMessage } from '../messages.ts';
import { MIRROR_API } from '../sources.ts';
import { Facets } from './facets.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { FilterField } from './filter-field.tsx';
import { LiveCount } from './live-count.tsx';
import { MatchCount } from './match-count.tsx';
import { ModalityField, SoftwareField } from './record-fields.tsx';
import { SourceField } from './source-field.tsx';
import { SourceNotice } from './source-notice.tsx';
import { StartOverDialog } from './start-over-dialog.tsx';
import { VersionsField } from './versions-field.tsx';

interface QueryPanelProps {
  /** Download pressed with a usable query: the app starts the real download (features/download). */
  onDownload?: (query: ExplorerQuery) => void;
  /**
   * The server's total as the last finished download or refresh of a query saw it: newer than
   * the count taken when Download was pressed (uploads keep arriving), so it replaces it.
   */
  latestTotal?: { key: string; total: number } | null;
  /** Folded away behind the one-line summary (QuerySummary): kept mounted, so the count stays. */
  hidden?: boolean;
  /**
   * A partial dataset of the query is saved and Resume (the main action) continues it: the
   * submit button becomes "Start over", which asks first — it drops the `stored` records.
   */
  startOver?: { stored: number; total: number | null; onConfirm: () => void } | null;
}

/**
 * The query form: every control reads from and writes to the URL (useQueryState, useQueryActions).
 * Memoised: it renders when its own state or props change, not with each render of the app
 * around it (it stays mounted, hidden, while a stored table opens below).
 */
export const QueryPanel = memo(function QueryPanel({
  onDownload,
  latestTotal,
  hidden = false,
  startOver = null,
}: QueryPanelProps = {}) {
  const { query, longFilter } = useQueryState();
  const { update } = useQueryActions();
  // Folded away (a stored table open below it), the form asks its servers nothing: their
  // answers re-rendered it, unseen, on the main thread a 1M table's first paint needs.
  const { sources, checkOthers, recheck } = useSourceProbes(query.source, query.modality, hidden);
  const key = canonicalQueryKey(query);
  const counted = useMatchCount(key);
  const { count } = counted;
  const state =
    counted.state.type === 'success' && latestTotal?.key === key
      ? { type: 'success' as const, total: latestTotal.total }
      : counted.state;
  // A filter restored from the URL is judged at once; a typed one from the first Download on.
  // Not on blur: the message appearing on mousedown would push the Download button away
  // from under the pointer, and the click would be lost.
  const [filterTouched, setFilterTouched] = useState(() => query.where.trim() !== '');
  const filterRef = useRef<HTMLTextAreaElement>(null);
  const [confirming, setConfirming] = useState(false);

  const filter = parseFieldFilter(query.where);
  const stored = filterStorageMessage(query.where, longFilter);
  const filterError =
    stored.error ?? (filterTouched && filter.type === 'invalid' ? filter.message : undefined);
  // listSources always includes the selected base, so both lookups succeed.
  const selected = sources.find((source) => source.base === query.source) ?? sources[0]!;
  const mirror = sources.find((source) => source.kind === 'mirror');

  const tooLong = requestTooLong(query);
  const live = useLiveCount(query, selected.status, hidden);

  // A facet value narrows the query: versions through their own control, others in the filter.
  const isSelected = (field: string, value: FacetValue) =>
    field === VERSION_FIELD
      ? cleanVersions(query.versions).join('\n') === String(value)
      : hasCondition(query.where, field, value);
  const onPick = (field: string, value: FacetValue, selected: boolean) => {
    if (field === VERSION_FIELD) return update({ versions: selected ? [] : [String(value)] });
    if (selected) return update({ where: withoutField(query.where, field) });
    const next = withCondition(query.where, field, value);
    if (next.type === 'valid') update({ where: next.text });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (tooLong) return;
    const records = toRecordQuery(query);
    if (records.type === 'invalid') {
      setFilterTouched(true);
      filterRef.current?.focus();
      return;
    }
    if (startOver) {
      setConfirming(true);
      return;
    }
    countAndStart(records.query, () => onDownload?.(query));
  };

  const countAndStart = (recordQuery: RecordQuery, start: () => void) => {
    count({ key, source: query.source, modality: query.modality, query: recordQuery });
    start();
  };

  const confirmStartOver = () => {
    setConfirming(false);
    const records = toRecordQuery(query);
    if (startOver && records.type === 'valid') countAndStart(records.query, startOver.onConfirm);
  };

  return (
    <form
      id="query-form"
      className="query-panel"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="query-title"
      hidden={hidden}
    >
      <h2 id="query-title">Choose the records</h2>
      <div className="query-grid">
        <div className="query-column">
          <SourceField
            value={selected.base}
            sources={sources}
            modality={query.modality}
            onChange={(source) => update({ source })}
            onOpenList={checkOthers}
            onRecheck={recheck}
          />
          <SourceNotice
            selected={selected}
            mirror={mirror}
            onUseMirror={() => {
              update({ source: MIRROR_API });
              // The pressed button goes away with the notice: keep the focus on the selector,
              // which now names the mirror, rather than dropping it to the page's body.
              document.getElementById('source')?.focus();
            }}
          />
          <ModalityField value={query.modality} onChange={(modality) => update({ modality })} />
          <SoftwareField
            value={query.software}
            onChange={(software) => update({ software }, 'replace')}
          />
        </div>
        <VersionsField selected={query.versions} onChange={(versions) => update({ versions })} />
      </div>
      <FilterBuilder
        where={query.where}
        modality={query.modality}
        onChange={(where) => update({ where }, 'replace')}
      />
      <FilterField
        value={query.where}
        error={filterError}
        note={stored.note}
        inputRef={filterRef}
        onChange={(where) => update({ where }, 'replace')}
      />
      <LiveCount
        state={live}
        source={selected}
        modality={query.modality}
        hasFilter={filter.type === 'valid'}
      />
      <Facets
        query={query}
        source={selected}
        sourceOk={selected.status.type === 'answering'}
        total={live.type === 'success' && !live.updating ? live.total : undefined}
        onPick={onPick}
        isSelected={isSelected}
      />
      {tooLong ? (
        <p className="error-title" role="alert">
          {tooLong}
        </p>
      ) : null}
      <div className="actions">
        {startOver ? (
          <button type="submit" className="secondary">
            Start over
          </button>
        ) : (
          <button type="submit" className="primary">
            Download
          </button>
        )}
        <MatchCount state={state} source={selected} hasFilter={filter.type === 'valid'} />
      </div>
      <StartOverDialog
        open={confirming && !!startOver}
        stored={startOver?.stored ?? 0}
        total={startOver?.total ?? null}
        onConfirm={confirmStartOver}
        onCancel={() => setConfirming(false)}
      />
    </form>
  );
});
