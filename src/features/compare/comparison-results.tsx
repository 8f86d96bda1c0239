import { useMemo, useState } from 'react';
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

type Modality = 'T1w' | 'T2w' | 'bold';

/** The paper's IQMs when compared, else the first few: a table a person can take in. */
function initialShown(comparison: Comparison, modality: Modality): string[] {
  const compared = new Set(comparison.iqms.map((c) => c.iqm));
  const paper = PAPER_IQMS[modality].filter((iqm) => compared.has(iqm));
  return paper.length > 0 ? paper : comparison.iqms.slice(0, 6).map((c) => c.iqm);
}

/** Table, charts and export of a finished comparison. */
export function ComparisonResults(props: {
  comparison: Comparison;
  modality: Modality;
  fileName: string;
}) {
  const { comparison, modality, fileName } = props;
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
  return (
    <>
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
      />
      <OverlayCharts comparison={comparison} modality={modality} shown={visible} />
    </>
  );
}
