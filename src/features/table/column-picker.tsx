import { useId, useMemo, useState } from 'react';
import type { Modality } from '../../api/eve-url.ts';
import type { FrameColumnInfo } from '../../frame/frame.ts';
import { type ColumnDescription, directionText, groupColumns } from './column-groups.ts';
import type { RecordsTable } from './use-records-table.ts';

interface ColumnPickerProps {
  readonly table: RecordsTable;
  readonly modality: Modality;
  readonly columns: readonly FrameColumnInfo[];
  readonly visible: readonly string[];
  /** Columns the current view always shows (the duplicates view's key): not untickable. */
  readonly locked?: ReadonlySet<string>;
  readonly onDefaults: () => void;
  readonly onClose: () => void;
}

function matches(column: ColumnDescription, needle: string): boolean {
  if (!needle) return true;
  const haystack = `${column.name} ${column.description ?? ''}`.toLowerCase();
  return haystack.includes(needle);
}

function Details({ column }: { column: ColumnDescription }) {
  const direction = directionText(column.direction);
  const facts = [column.unit, direction].filter(Boolean).join(' · ');
  return (
    <span className="picker-details">
      {facts ? <span className="picker-facts">{facts}</span> : null}
      {column.description ? <span className="picker-description">{column.description}</span> : null}
    </span>
  );
}

/**
 * Which columns the table shows, grouped as IQMs (with description, unit and direction),
 * scanner metadata, provenance and the record's own fields. Ticks go to the URL (`cols`)
 * through the table's visibility state; new columns are added at the right.
 */
export function ColumnPicker(props: ColumnPickerProps) {
  const { table, modality, columns, visible } = props;
  const [needle, setNeedle] = useState('');
  const searchId = useId();
  const groups = useMemo(() => groupColumns(modality, columns), [modality, columns]);
  const shown = new Set(visible);
  const query = needle.trim().toLowerCase();
  return (
    <section
      className="table-panel column-picker"
      aria-label="Choose columns"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <div className="panel-head">
        <h3>Columns</h3>
        <p className="muted">
          {visible.length} of {columns.length} shown. Ticked columns are loaded when shown.
        </p>
        <label htmlFor={searchId} className="visually-hidden">
          Find a column
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Find a column…"
          value={needle}
          onChange={(e) => setNeedle(e.target.value)}
        />
        <button type="button" onClick={props.onDefaults}>
          Default columns
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <div className="picker-groups">
        {groups.map((group) => {
          const list = group.columns.filter((c) => matches(c, query));
          if (list.length === 0) return null;
          return (
            <fieldset key={group.id} className="picker-group">
              <legend>
                {group.label} <span className="muted">({group.columns.length})</span>
              </legend>
              <ul>
                {list.map((column) => (
                  <li key={column.name}>
                    <label className="picker-option">
                      <input
                        type="checkbox"
                        disabled={props.locked?.has(column.name)}
                        checked={shown.has(column.name)}
                        onChange={(e) =>
                          table.getColumn(column.name)?.toggleVisibility(e.target.checked)
                        }
                      />
                      <span className="picker-name">{column.name}</span>
                      {props.locked?.has(column.name) ? (
                        <span className="muted"> (always shown in the Duplicates view)</span>
                      ) : null}
                      <Details column={column} />
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
