import type { FilterSpec } from '../../frame/view-spec.ts';
import { describeFilter } from './filter-edit.ts';

interface ActiveFiltersProps {
  readonly filters: readonly FilterSpec[];
  readonly onEdit: (column: string) => void;
  readonly onRemove: (index: number) => void;
  readonly onClear: () => void;
}

/** The filters in force, each in words with a button to edit it and one to remove it. */
export function ActiveFilters({ filters, onEdit, onRemove, onClear }: ActiveFiltersProps) {
  if (filters.length === 0) return null;
  // A hand-edited URL can hold two filters on one column: key by column and occurrence.
  const seen = new Map<string, number>();
  const keys = filters.map((f) => {
    const n = (seen.get(f.column) ?? 0) + 1;
    seen.set(f.column, n);
    return `${f.column}#${n}`;
  });
  return (
    <section className="active-filters" aria-label="Active filters">
      <span className="active-filters-title">Filters:</span>
      <ul>
        {filters.map((filter, i) => {
          const words = describeFilter(filter);
          return (
            <li key={keys[i]} className="filter-chip">
              <button type="button" className="chip-text" onClick={() => onEdit(filter.column)}>
                {words}
              </button>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove filter: ${words}`}
                title="Remove this filter"
                onClick={() => onRemove(i)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {filters.length > 1 ? (
        <button type="button" className="link-button" onClick={onClear}>
          Remove all filters
        </button>
      ) : null}
    </section>
  );
}
