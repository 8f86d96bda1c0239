import { useEffect, useRef } from 'react';
import type { ExplorerQuery } from '../../../api/explorer-query.ts';
import { describeSource } from '../sources.ts';
import { querySummary } from '../summary.ts';

interface QuerySummaryProps {
  query: ExplorerQuery;
  /** What the browser holds for it: "20,000 records", "15,928 of 30,000 records — incomplete". */
  records: string;
  /** Opens the full form again (the app moves the focus into it). */
  onEdit: () => void;
  /**
   * The form collapsed under the keyboard focus (its Download button, or the Datasets view's
   * Open, went away): the focus moves to Edit rather than dropping to the page's body.
   */
  takeFocus: boolean;
}

/**
 * The query form folded to one line once its records are saved, so the table and charts start
 * above the fold. The URL still holds the whole query; only the form is out of the way.
 */
export function QuerySummary({ query, records, onEdit, takeFocus }: QuerySummaryProps) {
  const editRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    // Lost: on the body (its element removed), or inside the form now hidden.
    const lost = !focused || focused === document.body || !!focused.closest('[hidden]');
    if (takeFocus && lost) editRef.current?.focus();
  }, [takeFocus]);
  const source = describeSource(query.source);
  return (
    <section className="query-summary" aria-labelledby="query-summary-title">
      <h2 id="query-summary-title" className="visually-hidden">
        The query
      </h2>
      <p className="query-summary-text">
        <strong>{querySummary(query)}</strong>
        <span className="query-summary-records"> — {records}</span>
        <span className="query-summary-source muted">
          {' '}
          · {source.short}
          {source.kind === 'mirror' ? ' (synthetic)' : ''}
        </span>
      </p>
      <button
        ref={editRef}
        type="button"
        className="secondary"
        aria-expanded={false}
        aria-controls="query-form"
        onClick={onEdit}
      >
        Edit query
      </button>
    </section>
  );
}
