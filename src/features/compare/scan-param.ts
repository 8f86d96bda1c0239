import { useCallback, useRef } from 'react';
import { withParams } from '../../lib/url-state.ts';
import { useUrlSpec } from '../../lib/use-url-spec.ts';

type ScanSpec = { scan: string | null };

const OWNED: ReadonlySet<string> = new Set(['scan']);
const parse = (params: URLSearchParams): ScanSpec => ({ scan: params.get('scan') || null });
const write = ({ scan }: ScanSpec): [string, string][] => (scan ? [['scan', scan]] : []);

/**
 * The scan whose page is open: `scan=<bids_name>` in the URL beside the query and the view, so
 * a link or a reload names it (the user's file itself is not kept: it must be chosen again).
 * Opening pushes a history entry (Back returns to the table); stepping to the previous or next
 * scan replaces it (Back still returns to the table, not through every scan seen).
 */
export function useScanParam() {
  const { spec, update } = useUrlSpec(parse, write, OWNED);
  // The URL the page was opened from, to close it with Back when that is what lies behind.
  const openedFrom = useRef<string | null>(null);
  const open = useCallback(
    (scan: string) => {
      openedFrom.current = withParams(window.location.search, OWNED, []);
      update({ scan }, 'push');
    },
    [update],
  );
  const step = useCallback((scan: string) => update({ scan }, 'replace'), [update]);
  const close = useCallback(() => {
    const table = withParams(window.location.search, OWNED, []);
    // Opened here and nothing else changed since: going back keeps history as it was. Opened
    // from a link (or after other changes): the entry is replaced instead, never leaving the app.
    if (openedFrom.current === table) window.history.back();
    else update({ scan: null }, 'replace');
    openedFrom.current = null;
  }, [update]);
  return { scan: spec.scan, open, step, close };
}
