import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Column } from '../../frame/column.ts';
import type { Frame } from '../../frame/frame.ts';
import type { ValueCounts } from '../../frame/value-counts.ts';
import type { FilterSpec, RowsView, ViewSpec } from '../../frame/view-spec.ts';
import { categoryCountsQueryOptions } from '../../queries/dataset-queries.ts';
import { useColumns } from '../../queries/use-columns.ts';
import { numberRange } from './column-stats.ts';
import {
  categoryFilter,
  MAX_CATEGORIES,
  type Parsed,
  rangeFilter,
  textFilter,
} from './filter-edit.ts';
import { formatNumber } from './format-cell.ts';

interface FilterEditorProps {
  readonly datasetKey: string;
  readonly frame: Frame;
  /** The view the table shows: category counts follow it. */
  readonly spec: ViewSpec;
  readonly column: string;
  readonly current: FilterSpec | undefined;
  readonly onApply: (filter: FilterSpec | null) => void;
  readonly onClose: () => void;
}

/**
 * The filter of one column: a numeric range for numbers, ticked categories for text with few
 * distinct values, contains/equals for other text. Opens beside the toolbar (not inside the
 * scrolling grid, which would clip it); Escape or Cancel closes it.
 */
export function FilterEditor(props: FilterEditorProps) {
  const { frame, column } = props;
  const names = useMemo(() => [column], [column]);
  const columns = useColumns(frame, names);
  const loaded = columns.columns[0];
  const failed = columns.errors.get(column);
  const info = frame.info(column);
  return (
    <section
      className="table-panel filter-editor"
      aria-label={`Filter ${column}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <h3>
        Filter <code>{column}</code>
      </h3>
      {failed ? (
        <p role="alert" className="field-error">
          This column could not be read: {failed}
        </p>
      ) : !loaded ? (
        <p className="muted" role="status">
          Loading the column…
        </p>
      ) : info?.type === 'number' || (!info && loaded.kind === 'number') ? (
        <RangeForm {...props} loaded={loaded} />
      ) : (
        <TextOrCategories {...props} loaded={loaded} />
      )}
    </section>
  );
}

type FormProps = FilterEditorProps & { loaded: Column };

/** The end of every filter form: the form's error, if any, then its buttons. */
function Actions(props: {
  current: FilterSpec | undefined;
  onApply: FormProps['onApply'];
  onClose: () => void;
  error: string | null;
  errorId?: string;
}) {
  return (
    <>
      {props.error ? (
        <p id={props.errorId} role="alert" className="field-error">
          {props.error}
        </p>
      ) : null}
      <div className="filter-actions">
        <button type="submit" className="filter-apply">
          Apply filter
        </button>
        {props.current ? (
          <button type="button" onClick={() => props.onApply(null)}>
            Remove filter
          </button>
        ) : null}
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}

function useSubmit(props: FormProps, read: () => Parsed) {
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = read();
    if (parsed.type === 'error') setError(parsed.message);
    else props.onApply(parsed.filter);
  };
  return { error, onSubmit };
}

function useAutoFocus() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function RangeForm(props: FormProps) {
  const current = props.current?.type === 'range' ? props.current : undefined;
  const [min, setMin] = useState(current?.min === undefined ? '' : String(current.min));
  const [max, setMax] = useState(current?.max === undefined ? '' : String(current.max));
  const range = useMemo(() => numberRange(props.loaded), [props.loaded]);
  const { error, onSubmit } = useSubmit(props, () => rangeFilter(props.column, min, max));
  const first = useAutoFocus();
  const errorId = useId();
  return (
    <form onSubmit={onSubmit} noValidate>
      <p className="muted">
        {range
          ? `Values run from ${formatNumber(range.min)} to ${formatNumber(range.max)}. Missing values never match a range.`
          : 'This column has no values.'}
      </p>
      <div className="filter-fields">
        <label className="field-inline">
          <span>At least</span>
          <input
            ref={first}
            inputMode="decimal"
            value={min}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setMin(e.target.value)}
          />
        </label>
        <label className="field-inline">
          <span>At most</span>
          <input
            inputMode="decimal"
            value={max}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setMax(e.target.value)}
          />
        </label>
      </div>
      <Actions {...props} error={error} errorId={errorId} />
    </form>
  );
}

function TextOrCategories(props: FormProps) {
  const counts = useQuery({
    ...categoryCountsQueryOptions(
      props.datasetKey,
      props.frame,
      props.spec,
      props.column,
      MAX_CATEGORIES,
    ),
    placeholderData: (previous) => previous,
  });
  // The previous counts stay while a view change recounts (the form keeps its ticks).
  if (counts.error) {
    return (
      <p role="alert" className="field-error">
        The values of this column could not be counted: {String(counts.error.message)}
      </p>
    );
  }
  if (counts.data === undefined) {
    return (
      <p className="muted" role="status">
        Counting the values…
      </p>
    );
  }
  return counts.data ? <CategoryForm {...props} found={counts.data} /> : <TextForm {...props} />;
}

/** What the counts beside each value count, in the words of the Rows control. */
const COUNTED: Record<RowsView, string> = {
  all: 'records',
  unique: 'unique scans',
  duplicates: 'duplicate rows',
};

function countsNote(spec: ViewSpec, column: string): string {
  const others = spec.filters.filter((f) => f.column !== column).length;
  const rest =
    others === 0 ? '' : others === 1 ? ', with the other filter' : ', with the other filters';
  return `Counts: ${COUNTED[spec.show]}${rest}`;
}

function CategoryForm(props: FormProps & { found: ValueCounts }) {
  const current = props.current?.type === 'in' ? props.current : undefined;
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set(current?.values ?? []));
  const [missing, setMissing] = useState(current?.missing ?? false);
  const { error, onSubmit } = useSubmit(props, () =>
    categoryFilter(
      props.column,
      props.found.values.map((c) => c.value).filter((v) => ticked.has(v)),
      missing,
    ),
  );
  const toggle = (value: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(value);
    else next.delete(value);
    setTicked(next);
  };
  return (
    <form onSubmit={onSubmit}>
      <fieldset className="category-list">
        <legend>
          Keep rows whose value is one of{' '}
          <span className="muted">({countsNote(props.spec, props.column)})</span>
        </legend>
        {props.found.values.map((c) => (
          <label key={c.value} className="inline-check">
            <input
              type="checkbox"
              checked={ticked.has(c.value)}
              onChange={(e) => toggle(c.value, e.target.checked)}
            />
            <span className="category-value">{c.value === '' ? '(empty text)' : c.value}</span>
            <span className="muted"> {c.count.toLocaleString('en-US')}</span>
          </label>
        ))}
        {props.found.missing > 0 ? (
          <label className="inline-check">
            <input
              type="checkbox"
              checked={missing}
              onChange={(e) => setMissing(e.target.checked)}
            />
            <span className="category-value">(missing)</span>
            <span className="muted"> {props.found.missing.toLocaleString('en-US')}</span>
          </label>
        ) : null}
      </fieldset>
      <Actions {...props} error={error} />
    </form>
  );
}

function TextForm(props: FormProps) {
  const current =
    props.current?.type === 'contains' || props.current?.type === 'equals'
      ? props.current
      : undefined;
  const [mode, setMode] = useState<'contains' | 'equals'>(current?.type ?? 'contains');
  const [text, setText] = useState(
    current?.type === 'contains' ? current.text : current?.type === 'equals' ? current.value : '',
  );
  const { error, onSubmit } = useSubmit(props, () => textFilter(props.column, mode, text));
  const first = useAutoFocus();
  return (
    <form onSubmit={onSubmit}>
      <fieldset className="filter-fields">
        <legend className="visually-hidden">Match</legend>
        <label className="inline-check">
          <input
            type="radio"
            name="text-mode"
            checked={mode === 'contains'}
            onChange={() => setMode('contains')}
          />
          contains (any case)
        </label>
        <label className="inline-check">
          <input
            type="radio"
            name="text-mode"
            checked={mode === 'equals'}
            onChange={() => setMode('equals')}
          />
          is exactly
        </label>
        <label className="field-inline">
          <span>Text</span>
          <input ref={first} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </fieldset>
      <Actions {...props} error={error} />
    </form>
  );
}
