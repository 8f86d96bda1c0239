import type { CatalogueField } from '../../../api/field-catalogue.ts';
import { type Operator, operatorsFor } from '../../../api/filter-conditions.ts';
import type { BuilderRow } from '../builder-rows.ts';
import { CaseHint, KnownValues } from './condition-hints.tsx';

/** The picker's entry for "a path the catalogue doesn't list". */
const OTHER = '\u0000other';

export interface ConditionRowProps {
  /** The field picker's id (the builder focuses it when the row is added). */
  id: string;
  index: number;
  row: BuilderRow;
  /** The catalogue's entry for the row's field; undefined for a path it doesn't list. */
  field: CatalogueField | undefined;
  groups: readonly { label: string; fields: readonly CatalogueField[] }[];
  /** Why the row is not in the filter yet (rowProblem). */
  problem: string | undefined;
  onChange: (patch: Partial<BuilderRow>) => void;
  onRemove: () => void;
}

/** One condition: field (grouped, typed), operator (those its type offers), value. */
export function ConditionRow(props: ConditionRowProps) {
  const { id, index, row, field, groups, problem, onChange, onRemove } = props;
  const n = index + 1;
  const custom = !field && (row.custom === true || row.field !== '');
  const ops = operatorsFor(field?.type);
  // An operator read from JSON that the type doesn't offer (< on text) stays offered.
  const shownOps: readonly Operator[] = ops.includes(row.op) ? ops : [...ops, row.op];
  const notes = [problem ? `${id}-problem` : '', `${id}-case`].filter(Boolean).join(' ');

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset per row would repeat legends in every label
    <div className="condition" role="group" aria-label={`Condition ${n}`}>
      <div className="condition-inputs">
        <select
          id={id}
          className="condition-field"
          aria-label={`Field of condition ${n}`}
          value={field ? field.path : custom ? OTHER : ''}
          onChange={(event) => {
            const path = event.target.value;
            if (path === OTHER) onChange({ field: custom ? row.field : '', custom: true });
            else onChange({ field: path, custom: false });
          }}
        >
          <option value="">Choose a field…</option>
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.fields.map((f) => (
                <option key={f.path} value={f.path}>
                  {f.label}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={OTHER}>Another field (type its path)…</option>
        </select>
        {custom && (
          <input
            type="text"
            className="condition-field"
            aria-label={`Field path of condition ${n}`}
            value={row.field}
            placeholder="e.g. bids_meta.Coil"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onChange({ field: event.target.value, custom: true })}
          />
        )}
        <select
          className="condition-op"
          aria-label={`Operator of condition ${n}`}
          value={row.op}
          onChange={(event) => onChange({ op: event.target.value as Operator })}
        >
          {shownOps.map((op) => (
            <option key={op} value={op}>
              {op}
            </option>
          ))}
        </select>
        <ValueInput {...props} describedBy={notes} />
        <button
          type="button"
          className="link-button"
          aria-label={`Remove condition ${n}`}
          onClick={onRemove}
        >
          ×
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="hint">
          Not in the filter yet: {problem.charAt(0).toLowerCase() + problem.slice(1)}
        </p>
      )}
      <CaseHint id={id} row={row} field={field} onChange={onChange} />
      <KnownValues id={id} row={row} field={field} onChange={onChange} />
    </div>
  );
}

function ValueInput({
  id,
  index,
  row,
  field,
  onChange,
  describedBy,
}: ConditionRowProps & {
  describedBy: string;
}) {
  const label = `Value of condition ${index + 1}`;
  if (row.op === 'exists' || (field?.type === 'boolean' && row.op !== 'in')) {
    const [yes, no] = row.op === 'exists' ? ['yes', 'no'] : ['true', 'false'];
    return (
      <select
        className="condition-value"
        aria-label={label}
        value={row.text.trim() === 'false' ? 'false' : 'true'}
        onChange={(event) => onChange({ text: event.target.value })}
      >
        <option value="true">{yes}</option>
        <option value="false">{no}</option>
      </select>
    );
  }
  const values = field?.values ?? [];
  return (
    <>
      <input
        type="text"
        className="condition-value"
        aria-label={label}
        value={row.text}
        spellCheck={false}
        autoComplete="off"
        inputMode={field?.type === 'number' && row.op !== 'in' ? 'decimal' : undefined}
        placeholder={row.op === 'in' ? 'a, b, c' : field?.type === 'number' ? 'a number' : ''}
        list={values.length > 0 ? `${id}-values` : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange({ text: event.target.value })}
      />
      {values.length > 0 && (
        <datalist id={`${id}-values`}>
          {values.map((v) => (
            <option key={String(v.value)} value={String(v.value)} label={`${v.count}`} />
          ))}
        </datalist>
      )}
    </>
  );
}
