import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type Comparison,
  comparisonCsv,
  type ScanSort,
  sortScans,
} from '../../compare/comparison.ts';
import { useSyntheticData } from '../../components/synthetic-data.tsx';
import { PAPER_IQMS } from '../../data/iqm-catalog.ts';
import { versionedFileName } from '../../export/file-name.ts';
import { APP_VERSION } from '../../lib/app-version.ts';
import { saveCsvText } from '../../lib/save-blob.ts';
import { ComparisonTable } from './comparison-table.tsx';
import { IqmPicker } from './iqm-picker.tsx';
import { OverlayCharts } from './overlay-charts.tsx';
import { ScanPage } from './scan-page.tsx';

type Modality = 'T1w' | 'T2w' | 'bold';

/** The paper's IQMs when compared, else the first few: a table a person can take in. */
function initialShown(comparison: Comparison, modality: Modality): string[] {
  const compared = new Set(comparison.iqms.map((c) => c.iqm));
  const paper = PAPER_IQMS[modality].filter((iqm) => compared.has(iqm));
  return paper.length > 0 ? paper : comparison.iqms.slice(0, 6).map((c) => c.iqm);
}

/**
 * Table, charts and export of a finished comparison, or one scan's page (`scan`, from the URL)
 * in their place. The sort and the columns live here, so the table comes back as the user left
 * it; it is not kept (hidden) under the page: its 10,000 cells would slow every update.
 */
export function ComparisonResults(props: {
  comparison: Comparison;
  modality: Modality;
  fileName: string;
  /** The scan whose page is open (by name, as the URL has it). */
  scan: string | null;
  onOpen: (scan: string) => void;
  onStep: (scan: string) => void;
  onClose: () => void;
}) {
  const { comparison, modality, fileName, scan, onOpen, onStep, onClose } = props;
  const scanIndex = scan === null ? -1 : comparison.file.scans.indexOf(scan);
  // The scan last open, whose row takes the focus when its page closes (Back included).
  const [returnTo, setReturnTo] = useState<number | null>(null);
  const lastOpen = useRef(-1);
  useEffect(() => {
    if (scanIndex >= 0) lastOpen.current = scanIndex;
    else if (lastOpen.current >= 0) {
      setReturnTo(lastOpen.current);
      lastOpen.current = -1;
    }
  }, [scanIndex]);
  const focused = useCallback(() => setReturnTo(null), []);
  // Until the user picks, the defaults follow the comparison: results arrive IQM by IQM, and
  // defaults fixed at the first partial result would show only the first IQM to arrive.
  const [picked, setShown] = useState<string[] | null>(null);
  const shown = picked ?? initialShown(comparison, modality);
  const [sort, setSort] = useState<ScanSort>({ by: 'flags', desc: true });
  const order = useMemo(() => sortScans(comparison, sort), [comparison, sort]);
  const compared = comparison.iqms.map((c) => c.iqm);
  // A refreshed comparison may lack an IQM that was shown: show what exists.
  const visible = shown.filter((iqm) => compared.includes(iqm));
  const onSort = (key: string) => {
    const same = (sort.by === 'percentile' ? sort.iqm : sort.by) === key;
    // Flags start with the most; names A→Z; a percentile from the top (p100 first).
    const desc = same ? !sort.desc : key !== 'name';
    setSort(
      key === 'name' || key === 'flags' ? { by: key, desc } : { by: 'percentile', iqm: key, desc },
    );
  };
  // Against a synthetic crowd the percentiles mean nothing for research: the name says so.
  const exportName = versionedFileName(
    `comparison-${fileName.replace(/\.[^.]+$/, '')}-vs-crowd-${modality}`,
    'csv',
    APP_VERSION,
    useSyntheticData().inUse,
  );
  if (scanIndex >= 0)
    return (
      <ScanPage
        comparison={comparison}
        modality={modality}
        scan={scanIndex}
        order={order}
        onBack={onClose}
        onStep={onStep}
      />
    );
  return (
    <>
      {scan !== null && scanIndex < 0 ? (
        <div className="compare-error" role="alert">
          <p>
            {fileName} has no scan named <strong>{scan}</strong>: showing all its scans instead.
          </p>
          <button type="button" className="secondary" onClick={onClose}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="compare-results">
        <p className="hint">
          A scan's name opens its page: every IQM against the crowd, and why it is flagged.
        </p>
        <div className="compare-toolbar">
          <IqmPicker compared={compared} shown={visible} onChange={setShown} />
          <button
            type="button"
            className="secondary"
            onClick={() => saveCsvText(comparisonCsv(comparison, order), exportName)}
          >
            Export comparison
          </button>
        </div>
        <ComparisonTable
          comparison={comparison}
          modality={modality}
          shown={visible}
          order={order}
          sort={sort}
          onSort={onSort}
          onOpen={(s) => onOpen(comparison.file.scans[s]!)}
          focusScan={returnTo}
          onFocused={focused}
        />
        <OverlayCharts comparison={comparison} modality={modality} shown={visible} />
      </div>
    </>
  );
}
