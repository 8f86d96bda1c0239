import { type CatalogueField, checkSpelling } from '../../../api/field-catalogue.ts';
import type { BuilderRow } from '../builder-rows.ts';

/** Known values shown as buttons under a row; the rest are in the value box's list. */
const SHOWN_VALUES = 6;

interface HintProps {
  /** The row's id prefix (its field picker's id). */
  id: string;
  row: BuilderRow;
  field: CatalogueField | undefined;
  onChange: (patch: Partial<BuilderRow>) => void;
}

/** Parts of an `in` list, or the one value, as typed. */
function typedParts(row: BuilderRow): string[] {
  return row.op === 'in' ? row.text.split(',').map((part) => part.trim()) : [row.text.trim()];
}

/**
 * "siemens" finds nothing when the data says "Siemens": say so, and offer the known spelling.
 * Always rendered (empty) so that the value box's aria-describedby finds it.
 */
export function CaseHint({ id, row, field, onChange }: HintProps) {
  const wrong =
    field?.type === 'text' && row.op !== 'exists'
      ? typedParts(row)
          .map((part) => ({ part, check: checkSpelling(field, part) }))
          .find((p) => p.check.type === 'case')
      : undefined;
  const spelling = wrong?.check.type === 'case' ? wrong.check.spelling : undefined;
  return (
    <div id={`${id}-case`} className="case-hint" aria-live="polite">
      {wrong && spelling !== undefined && (
        <p className="hint">
          Matching is case-sensitive: no record is known to spell it “{wrong.part}”; the data has “
          {spelling}”.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() =>
              onChange({
                text: typedParts(row)
                  .map((part) => (part === wrong.part ? spelling : part))
                  .join(', '),
              })
            }
          >
            Use “{spelling}”
          </button>
        </p>
      )}
    </div>
  );
}

/** The most frequent values of a text field with their counts; a click puts one in the row. */
export function KnownValues({ id, row, field, onChange }: HintProps) {
  if (field?.type !== 'text' || row.op === 'exists' || field.values.length === 0) {
    return null;
  }
  const shown = field.values.slice(0, SHOWN_VALUES);
  const rest = field.values.length - shown.length + (field.more ?? 0);
  const pick = (value: string) => {
    if (row.op !== 'in') return onChange({ text: value });
    const parts = typedParts(row).filter(Boolean);
    if (!parts.includes(value)) onChange({ text: [...parts, value].join(', ') });
  };
  return (
    <p className="hint known-values">
      <span id={`${id}-known`}>Known values, with how many of {field.counted} hold each:</span>{' '}
      {shown.map((v, i) => (
        <span key={String(v.value)}>
          {i > 0 ? ' · ' : ''}
          <button
            type="button"
            className="link-button"
            aria-describedby={`${id}-known`}
            onClick={() => pick(String(v.value))}
          >
            {String(v.value)}
          </button>{' '}
          {v.count}
        </span>
      ))}
      {rest > 0 ? ` · ${rest} more` : ''}
    </p>
  );
}
