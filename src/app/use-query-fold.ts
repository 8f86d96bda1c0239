import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { DownloadHandle } from '../features/download/use-download.ts';

/**
 * Whether the query form is folded to its one-line summary. It folds when the records are
 * there to look at — a download of the query ends complete, a stored dataset is opened, or
 * the page loads on a query whose dataset is complete — and opens on "Edit query". Nothing
 * of it is in the URL: the query is, whole, whichever way the form shows.
 */
export function useQueryFold(download: DownloadHandle) {
  const { key, run, saved } = download;
  // The dataset the form is folded for; a query edited away from it shows the form.
  const [foldedFor, setFoldedFor] = useState<string | null>(null);
  // Folded under the user's focus (not at page load): the summary takes the focus.
  const [takeFocus, setTakeFocus] = useState(false);

  // At page load: the first answer about the query's stored dataset decides.
  const decided = useRef(false);
  useEffect(() => {
    if (decided.current || saved === undefined) return;
    decided.current = true;
    if (saved?.complete && !saved.resumable) setFoldedFor(key);
  }, [saved, key]);

  // A download of this query ended with the server's count agreeing.
  const verified = run?.status === 'done' && run.outcome?.check?.type === 'verified';
  const runKey = run?.key;
  useEffect(() => {
    if (!verified || !runKey) return;
    decided.current = true;
    setFoldedFor(runKey);
    setTakeFocus(true);
  }, [verified, runKey]);

  return {
    folded: foldedFor === key,
    takeFocus,
    /** A stored dataset was opened (Datasets → Open): its records are what to show. */
    foldFor: (datasetKey: string) => {
      decided.current = true;
      setFoldedFor(datasetKey);
      setTakeFocus(true);
    },
    /** Opens the form and puts the focus on its first control. */
    edit: () => {
      flushSync(() => setFoldedFor(null));
      document.getElementById('source')?.focus();
    },
  };
}
