import type { FrameView } from '../../frame/view.ts';

const n = (value: number) => value.toLocaleString('en-US');

function plural(count: number, one: string, many: string): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}

/**
 * The dataset's duplicate summary and how many rows the view shows. A live region, so a
 * screen reader hears the new count after a filter or view switch.
 */
export function ViewSummary({
  view,
  pending,
  reading = false,
}: {
  view: FrameView;
  pending: boolean;
  /** Whole columns are still being read (the grid shows their first rows meanwhile). */
  reading?: boolean;
}) {
  const s = view.summary;
  const shown = view.rows.length;
  const filtered = shown !== view.beforeFilters;
  return (
    <div className="view-summary" role="status" aria-label="Records summary">
      <p className="summary-line">
        <strong>{plural(s.total, 'record', 'records')}</strong>
        {' · '}
        {plural(s.unique, 'unique scan', 'unique scans')}
        {' · '}
        {plural(s.duplicateRows, 'row', 'rows')} in{' '}
        {plural(s.duplicateGroups, 'duplicate group', 'duplicate groups')}
        {' · '}
        {plural(s.missingKey, 'record', 'records')} without md5sum
      </p>
      <p className="summary-shown">
        Showing <strong>{n(shown)}</strong> {shown === 1 ? 'row' : 'rows'}
        {filtered ? ` of ${n(view.beforeFilters)} (filtered)` : ''}
        {pending ? (
          <span className="busy-note">
            <span className="spinner" aria-hidden="true" /> updating…
          </span>
        ) : reading ? (
          <span className="busy-note reading-note">
            <span className="spinner" aria-hidden="true" /> reading all rows…
          </span>
        ) : null}
      </p>
    </div>
  );
}
