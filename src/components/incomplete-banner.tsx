import { heldRecords } from './completeness-text.ts';
import { Notice } from './notice.tsx';

/**
 * Over the table, charts and compare of a partial dataset: what they show is not the whole
 * query ("15,928 of 30,000 records — download incomplete", the server's last reported total),
 * and where to get the rest.
 */
export function IncompleteBanner(props: {
  dataset: { stored: number; total: number | null };
  /** Resume has work (else Download adds what is missing). */
  resumable: boolean;
}) {
  const { dataset, resumable } = props;
  return (
    <Notice tone="warning">
      <p className="incomplete-banner">
        <strong>{heldRecords({ ...dataset, complete: false })}</strong>
        {resumable
          ? ': these views show only what is saved. Resume, under “Saved in this browser” above, fetches the rest.'
          : ': these views show only what is saved. Download fetches what is missing.'}
      </p>
    </Notice>
  );
}
