import { useId, useRef, useState } from 'react';
import { OPERATORS, type Operator } from '../../../api/filter-conditions.ts';
import { type BuilderRow, readRows, writeRows } from '../builder-rows.ts';
import { FIELD_SUGGESTIONS } from '../field-suggestions.ts';

interface FilterBuilderProps {
  /** The field filter text (the JSON box below shows and edits the same). */
  where: string;
  onChange: (where: string) => void;
}

/**
 * Conditions picked from a field list, joined by AND, written into the field filter; a filter
 * typed as JSON shows up here when the builder can hold it, and stays raw (untouched) otherwise.
 */
export function FilterBuilder({ where, onChange }: FilterBuilderProps) {
  const id = useId();
  const read = readRows(where);
  const [rows, setRows] = useState<BuilderRow[]>(read.type === 'rows' ? read.rows : []);
  const [synced, setSynced] = useState(where);
  // What this builder wrote last: its own echo through the URL must not reset the rows (a row
  // still without a field is not in the filter yet).
  const written = useRef(where);
  if (where !== synced) {
    setSynced(where);
    if (where !== written.current && read.type === 'rows') setRows(read.rows);
  }

  const write = (next: BuilderRow[]) => {
    setRows(next);
    const text = writeRows(next);
    written.current = text;
    if (text !== where) onChange(text);
  };
  const change = (index: number, patch: Partial<BuilderRow>) =>
    write(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <fieldset className="filter-builder">
      <legend>Filter builder</legend>
      {read.type === 'raw' ? (
        <p className="hint">
          The filter below uses {read.reason.replace(/^the builder has no /, '')}, which the builder
          can't show: it is kept as written. Edit it as JSON.
        </p>
      ) : read.type === 'invalid' ? (
        <p className="hint">The builder shows the filter again once its JSON is valid.</p>
      ) : (
        <>
          {rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <div className="condition" key={index}>
              <input
                aria-label={`Field of condition ${index + 1}`}
                list={`${id}-fields`}
                value={row.field}
                spellCheck={false}
                autoComplete="off"
                onChange={(event) => change(index, { field: event.target.value })}
              />
              <select
                aria-label={`Operator of condition ${index + 1}`}
                value={row.op}
                onChange={(event) => change(index, { op: event.target.value as Operator })}
              >
                {OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              {row.op === 'exists' ? (
                <select
                  aria-label={`Value of condition ${index + 1}`}
                  value={row.text === 'false' ? 'false' : 'true'}
                  onChange={(event) => change(index, { text: event.target.value })}
                >
                  <option value="true">yes</option>
                  <option value="false">no</option>
                </select>
              ) : (
                <input
                  aria-label={`Value of condition ${index + 1}`}
                  value={row.text}
                  spellCheck={false}
                  placeholder={row.op === 'in' ? 'a, b, c' : ''}
                  onChange={(event) => change(index, { text: event.target.value })}
                />
              )}
              <button
                type="button"
                className="link-button"
                aria-label={`Remove condition ${index + 1}`}
                onClick={() => write(rows.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setRows([...rows, { field: '', op: '=', text: '' }])}
          >
            Add condition
          </button>
        </>
      )}
      <datalist id={`${id}-fields`}>
        {FIELD_SUGGESTIONS.map((field) => (
          <option key={field} value={field} />
        ))}
      </datalist>
    </fieldset>
  );
}
