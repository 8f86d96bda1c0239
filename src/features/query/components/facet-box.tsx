import type { FacetValue } from '../../../api/facets.ts';
import type { FacetCell, FacetResult } from '../hooks/use-facets.ts';
import { describeCountError, formatCount } from '../messages.ts';
import type { SourceInfo } from '../sources.ts';

interface FacetBoxProps {
  result: FacetResult;
  source: SourceInfo;
  isSelected: (value: FacetValue) => boolean;
  onPick: (value: FacetValue, selected: boolean) => void;
  /** Known values not counted yet, offered as "Count N more". */
  more: number;
  onMore: () => void;
  /** Where the values come from, when not the app's own list. */
  note?: string | undefined;
  /** Set for a facet the user added: takes it away. */
  onRemove?: (() => void) | undefined;
}

/**
 * One facet: its values with their counts, most first; values with no records named apart (the
 * spelling matters: matching is case-sensitive); what the counted values leave out.
 */
export function FacetBox({
  result,
  source,
  isSelected,
  onPick,
  more,
  onMore,
  note,
  onRemove,
}: FacetBoxProps) {
  const counted = result.cells.filter((cell) => cell.count !== 0);
  const none = result.cells.filter((cell) => cell.count === 0);
  const failed = [...result.cells, ...(result.missing ? [result.missing] : [])].find(
    (cell) => cell.error !== undefined,
  );
  const rows = [...counted].sort((a, b) => (b.count ?? -1) - (a.count ?? -1));
  if (result.missing && result.missing.count !== 0) rows.push(result.missing);
  return (
    <section className="facet" aria-label={`${result.label} facet`}>
      <h4>
        {result.label}
        {onRemove && (
          <button
            type="button"
            className="link-button"
            aria-label={`Remove the ${result.label} facet`}
            onClick={onRemove}
          >
            {' '}
            ×
          </button>
        )}
      </h4>
      {note && <p className="muted">{note}</p>}
      <ul>
        {rows.map((cell) => (
          <FacetRow
            key={String(cell.value)}
            cell={cell}
            selected={isSelected(cell.value)}
            onPick={onPick}
          />
        ))}
      </ul>
      {result.rest !== undefined && result.rest > 0 && (
        <p className="muted facet-rest" data-count={result.rest}>
          Other values: {formatCount(result.rest)}
        </p>
      )}
      {none.length > 0 && (
        <p className="muted facet-none">
          No records: {none.map((cell) => valueText(cell.value)).join(', ')}
        </p>
      )}
      {failed && (
        <p className="error-title">{describeCountError(failed.error, source, false).title}</p>
      )}
      {more > 0 && (
        <button type="button" className="link-button" onClick={onMore}>
          Count {more} more {more === 1 ? 'value' : 'values'}
        </button>
      )}
    </section>
  );
}

function FacetRow({
  cell,
  selected,
  onPick,
}: {
  cell: FacetCell;
  selected: boolean;
  onPick: (value: FacetValue, selected: boolean) => void;
}) {
  const text = valueText(cell.value);
  return (
    <li data-value={text} data-count={cell.count}>
      <button
        type="button"
        className="link-button"
        aria-pressed={selected}
        title={selected ? `Remove ${text} from the query` : `Add ${text} to the query`}
        onClick={() => onPick(cell.value, selected)}
      >
        {text}
        {selected ? ' ×' : ''}
      </button>{' '}
      <span className="facet-count">
        {cell.count === undefined ? '…' : formatCount(cell.count)}
      </span>
    </li>
  );
}

/** How a value reads: text as the data spells it, missing as "not recorded". */
function valueText(value: FacetValue): string {
  return value === null ? 'not recorded' : String(value);
}
