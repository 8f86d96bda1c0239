import type { Header } from '@tanstack/react-table';
import { directionText } from './column-groups.ts';
import { cellId, columnClass } from './grid-row.tsx';
import type { GridRow as GridRowData, RecordsFeatures } from './records-columns.ts';

type RecordsHeader = Header<RecordsFeatures, GridRowData, unknown>;

interface HeaderCellProps {
  readonly header: RecordsHeader;
  readonly index: number;
  readonly idPrefix: string;
  readonly focusable: boolean;
  readonly sortCount: number;
  readonly onFilter: (column: string) => void;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** Above the name: the group (bids_meta, provenance) or, for an IQM, its unit and direction. */
function kicker(header: RecordsHeader): string {
  const described = header.column.columnDef.meta?.described;
  if (!described) return '';
  if (described.group === 'bids_meta' || described.group === 'provenance') return described.group;
  if (described.group !== 'iqm') return '';
  const direction =
    described.direction === 'higher-better'
      ? '↑ better'
      : described.direction === 'lower-better'
        ? '↓ better'
        : '';
  // Units can carry a note in parentheses (fwhm: voxels since 0.9.5): the header shows the unit.
  const unit = described.unit?.split(' (')[0] ?? null;
  return [unit, direction].filter(Boolean).join(' · ');
}

function tooltip(header: RecordsHeader): string {
  const described = header.column.columnDef.meta?.described;
  if (!described) return header.column.id;
  const lines = [described.name];
  if (described.description) lines.push(described.description);
  if (described.unit) lines.push(`Unit: ${described.unit}`);
  const direction = directionText(described.direction);
  if (direction) lines.push(`Quality: ${direction}`);
  lines.push('Click to sort; Shift+click adds a secondary sort.');
  return lines.join('\n');
}

/**
 * One column header: the sort button (click; Shift+click adds a secondary key), a filter
 * button, and a resize handle (drag; Alt+←/→ from the keyboard on the focused header).
 */
export function HeaderCell(props: HeaderCellProps) {
  const { header, index, idPrefix, focusable, sortCount } = props;
  const column = header.column;
  const described = column.columnDef.meta?.described;
  const sorted = column.getIsSorted();
  const sortIndex = column.getSortIndex();
  const filtered = column.getIsFiltered();
  const name = column.id;
  const resize = header.getResizeHandler();
  const common = {
    id: cellId(idPrefix, -1, index),
    scope: 'col',
    'aria-colindex': index + 1,
    tabIndex: focusable ? 0 : -1,
  } as const;
  if (!described) {
    return (
      <th
        {...common}
        className={`grid-header-cell header-copies ${columnClass(index)}`}
        title="Uploads of the same scan (same md5sum)"
      >
        Copies
      </th>
    );
  }
  return (
    <th
      {...common}
      className={`grid-header-cell ${columnClass(index)}${described.type === 'number' ? ' header-number' : ''}`}
      aria-sort={sorted ? ARIA_SORT[sorted] : undefined}
      title={tooltip(header)}
    >
      <span className="header-kicker" aria-hidden="true">
        {kicker(header)}
      </span>
      <span className="header-line">
        <button
          type="button"
          className="header-sort"
          tabIndex={-1}
          aria-label={name}
          onClick={column.getToggleSortingHandler()}
        >
          <span className="header-name">{described.short}</span>
          {sorted ? (
            <span className="sort-mark" aria-hidden="true">
              {sorted === 'asc' ? '▲' : '▼'}
              {sortCount > 1 ? <sup>{sortIndex + 1}</sup> : null}
            </span>
          ) : null}
        </button>
        <button
          type="button"
          className={`header-filter${filtered ? ' header-filter-active' : ''}`}
          tabIndex={-1}
          aria-label={`Filter ${name}${filtered ? ' (active)' : ''}`}
          title={filtered ? `Edit the filter on ${name}` : `Filter ${name}`}
          onClick={() => props.onFilter(name)}
        >
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
            <path d="M1 2h14l-5.5 6.5V14l-3-1.5V8.5z" fill="currentColor" />
          </svg>
        </button>
      </span>
      <span
        className={`resize-handle${column.getIsResizing() ? ' resizing' : ''}`}
        aria-hidden="true"
        onMouseDown={resize}
        onTouchStart={resize}
        onDoubleClick={() => column.resetSize()}
      />
    </th>
  );
}
