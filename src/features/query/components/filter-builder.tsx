import { useEffect, useId, useRef, useState } from 'react';
import type { Modality } from '../../../api/eve-url.ts';
import { catalogueField, FIELD_GROUPS, fieldCatalogue } from '../../../api/field-catalogue.ts';
import { type Operator, operatorsFor } from '../../../api/filter-conditions.ts';
import { type BuilderRow, readRows, rowProblem, writeRows } from '../builder-rows.ts';
import { ConditionRow } from './condition-row.tsx';

interface FilterBuilderProps {
  /** The field filter text (the JSON box below shows and edits the same). */
  where: string;
  modality: Modality;
  onChange: (where: string) => void;
}

/**
 * Conditions picked from the field catalogue, joined by AND, written into the field filter; a
 * filter typed as JSON shows up here when the builder can hold it, and stays raw (untouched)
 * otherwise.
 */
export function FilterBuilder({ where, modality, onChange }: FilterBuilderProps) {
  const id = useId();
  const typeOf = (field: string) => catalogueField(modality, field)?.type;
  const read = readRows(where, typeOf);
  const [rows, setRows] = useState<BuilderRow[]>(read.type === 'rows' ? read.rows : []);
  const [synced, setSynced] = useState(where);
  // What this builder wrote last: its own echo through the URL must not reset the rows (a row
  // not complete yet is not in the filter, and would vanish).
  const written = useRef(where);
  if (where !== synced) {
    setSynced(where);
    if (where !== written.current && read.type === 'rows') setRows(read.rows);
  }
  // Focus follows the keyboard user: into a new row, back to "Add condition" after a removal.
  const [focus, setFocus] = useState<number | 'add' | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus === null) return;
    if (focus === 'add') addRef.current?.focus();
    else document.getElementById(`${id}-field-${focus}`)?.focus();
    setFocus(null);
  }, [focus, id]);

  const write = (next: BuilderRow[]) => {
    setRows(next);
    const text = writeRows(next, typeOf);
    written.current = text;
    if (text !== where) onChange(text);
  };
  const change = (index: number, patch: Partial<BuilderRow>) =>
    write(rows.map((row, i) => (i === index ? fitted({ ...row, ...patch }, row) : row)));
  const fitted = (row: BuilderRow, before: BuilderRow): BuilderRow => {
    if (row.field === before.field) return row;
    // A new field keeps the typed value; only an operator its type doesn't offer goes.
    const type = typeOf(row.field);
    const op: Operator = operatorsFor(type).includes(row.op) ? row.op : '=';
    const text = type === 'boolean' && op !== 'exists' && !/^(true|false)$/.test(row.text);
    return { ...row, op, text: text ? 'true' : row.text };
  };

  const catalogue = fieldCatalogue(modality);
  const groups = FIELD_GROUPS.map((group) => ({
    label: group === 'IQMs' ? `IQMs (${modality})` : group,
    fields: catalogue.filter((field) => field.group === group),
  }));

  return (
    <fieldset className="filter-builder">
      <legend>Filter builder</legend>
      {read.type === 'raw' ? (
        <p className="hint builder-raw" role="status">
          The builder can't show this filter ({read.reason}). It is kept exactly as written in the
          JSON box below, and Download uses it as it is. Edit it there, or empty it to build
          conditions here.
        </p>
      ) : read.type === 'invalid' ? (
        <p className="hint" role="status">
          The builder shows the filter again once its JSON is valid.
        </p>
      ) : (
        <>
          <p className="hint">
            Conditions joined by AND. Each one writes itself into the JSON below as soon as it is
            complete; text is matched exactly, case included.
          </p>
          {rows.map((row, index) => (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              key={index}
              id={`${id}-field-${index}`}
              index={index}
              row={row}
              field={catalogueField(modality, row.field.trim())}
              groups={groups}
              problem={rowProblem(row, typeOf)}
              onChange={(patch) => change(index, patch)}
              onRemove={() => {
                write(rows.filter((_, i) => i !== index));
                setFocus('add');
              }}
            />
          ))}
          <button
            ref={addRef}
            type="button"
            className="secondary"
            onClick={() => {
              setRows([...rows, { field: '', op: '=', text: '' }]);
              setFocus(rows.length);
            }}
          >
            Add condition
          </button>
        </>
      )}
    </fieldset>
  );
}
