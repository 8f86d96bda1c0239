import { useId, useState } from 'react';
import { errorMessage } from '../../lib/error-message.ts';
import { saveCsvText } from '../../lib/save-blob.ts';
import { formatCount, formatValue } from './chart-text.ts';
import { SUMMARY_HEADERS, type SummaryRow, toDelimited } from './summary-rows.ts';

type CopyState =
  | { type: 'idle' }
  | { type: 'copied'; rows: number }
  | { type: 'denied'; reason: string };

/** n, median, IQR, p01, p99 per IQM and group, with copy (TSV) and CSV download. */
export function SummaryTable(props: {
  rows: readonly SummaryRow[];
  caption: string;
  fileName: string;
}) {
  const { rows, caption, fileName } = props;
  const [copy, setCopy] = useState<CopyState>({ type: 'idle' });
  const headingId = useId();
  // The "All records" rows stand out only among group rows.
  const grouped = rows.some((row) => row.group !== 'All records');
  const copyTable = async () => {
    try {
      if (!navigator.clipboard) throw new Error('this page has no clipboard access');
      await navigator.clipboard.writeText(toDelimited(rows, 'tsv'));
      setCopy({ type: 'copied', rows: rows.length });
    } catch (error) {
      const reason = errorMessage(error);
      setCopy({ type: 'denied', reason });
    }
  };
  return (
    <section className="summary-section" aria-labelledby={headingId}>
      <div className="summary-head">
        <h3 id={headingId}>Summary table</h3>
        <div className="summary-actions">
          <button type="button" className="secondary" onClick={copyTable}>
            Copy table
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => saveCsvText(toDelimited(rows, 'csv'), fileName)}
          >
            Download table (CSV)
          </button>
        </div>
      </div>
      <p className="copy-message" role="status">
        {copy.type === 'copied'
          ? `Copied ${copy.rows} rows as tab-separated text: paste them into a spreadsheet.`
          : null}
      </p>
      {copy.type === 'denied' ? (
        <p className="copy-error" role="alert">
          The browser did not let this page write to the clipboard ({copy.reason}). Use “Download
          table (CSV)” instead, or allow clipboard access for this site.
        </p>
      ) : null}
      <section
        className="summary-scroll"
        aria-label="Summary table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box a keyboard alone must be able to scroll (axe scrollable-region-focusable)
        tabIndex={0}
      >
        <table className="summary-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {SUMMARY_HEADERS.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const s = row.summary;
              return (
                <tr
                  key={`${row.iqm}|${row.group}`}
                  className={grouped && row.group === 'All records' ? 'summary-all' : undefined}
                >
                  <th scope="row">{row.iqm}</th>
                  <td>{row.unit}</td>
                  <td>{row.group}</td>
                  <td className="num">{formatCount(s.n)}</td>
                  <td className="num">{formatCount(s.missing)}</td>
                  {[s.median, s.q1, s.q3, s.iqr, s.p01, s.p99].map((v, i) => (
                    <td className="num" key={SUMMARY_HEADERS[5 + i]}>
                      {formatValue(v)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </section>
  );
}
