import { useMemo } from 'react';
import type { Modality } from '../../api/eve-url.ts';
import { useSyntheticData } from '../../components/synthetic-data.tsx';
import { iqmInfo, iqmsOf, PAPER_IQMS } from '../../data/iqm-catalog.ts';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import { versionedFileName } from '../../export/file-name.ts';
import type { Frame } from '../../frame/frame.ts';
import type { FrameView } from '../../frame/view.ts';
import { formatFilter } from '../../frame/view-spec.ts';
import { APP_VERSION } from '../../lib/app-version.ts';
import { CaptionProvider, type SharedCaption } from './caption-context.ts';
import { CategoryChart } from './category-chart.tsx';
import { chartedIqms } from './chart-spec.ts';
import { formatCount, GROUP_COLUMNS, GROUP_NAMES, shortUnit } from './chart-text.ts';
import { ChartsToolbar } from './charts-toolbar.tsx';
import { DistributionChart } from './distribution-chart.tsx';
import { RecordsOverTime } from './records-over-time.tsx';
import type { SummaryRow } from './summary-rows.ts';
import { SummaryTable } from './summary-table.tsx';
import { COUNT_CHARTS, useChartData } from './use-chart-data.ts';
import { useChartSpec } from './use-chart-spec.ts';
import './charts.css';

const SHOW_TEXT = {
  all: 'all uploads',
  unique: 'unique scans only (one upload per md5sum)',
  duplicates: 'duplicated uploads only',
} as const;

const COUNT_TITLES = {
  manufacturer: 'Records by manufacturer',
  field: 'Records by field strength',
  version: 'Records by MRIQC version',
} as const;

/** Each count chart's short name, for its download buttons and files. */
const COUNT_NAMES = {
  manufacturer: 'manufacturer',
  field: 'field strength',
  version: 'MRIQC version',
} as const;

/** The charts tab: the paper's figures and more, over the current view of the saved records. */
export function ChartsView() {
  const { datasetKey, dataset, frame, view, viewError } = useDataset();
  if (dataset.status === 'loading') return <p className="muted">Opening the saved records…</p>;
  if (dataset.status === 'empty') {
    return <p>No records are saved for this query yet. Download them first to draw charts.</p>;
  }
  if (dataset.status === 'error') {
    return <p role="alert">The saved records could not be opened: {dataset.message}</p>;
  }
  if (viewError) return <p role="alert">The view could not be computed: {viewError}</p>;
  if (!frame || !view) return <p className="muted">Preparing the view…</p>;
  // A new dataset (another modality) starts from its own defaults.
  return <ChartsBody key={datasetKey} frame={frame} view={view} />;
}

function numericIqms(modality: Modality, frame: Frame): string[] {
  return iqmsOf(modality)
    .map((i) => i.name)
    .filter((name) => frame.info(name)?.type === 'number');
}

/** Rows of the view that are unique scans (the kept row of their dedup group). */
function uniqueRows(view: FrameView): number {
  const kept = view.dedup.isKept;
  let n = 0;
  for (const row of view.rows) n += kept[row]!;
  return n;
}

function ChartsBody({ frame, view }: { frame: Frame; view: FrameView }) {
  const { modality, label, spec, query } = useDataset();
  const synthetic = useSyntheticData().inUse;
  const caption = useMemo(
    (): SharedCaption => ({
      source: query.source,
      synthetic,
      query: label,
      show: spec.show,
      filters: spec.filters.map(formatFilter),
      records: view.rows.length,
      unique: uniqueRows(view),
      uniqueBy: spec.dedup === 'md5sum' ? 'md5sum' : 'md5sum and MRIQC version',
      appVersion: APP_VERSION,
      fileStem: modality,
    }),
    [query.source, synthetic, label, spec, view, modality],
  );
  const available = useMemo(() => numericIqms(modality, frame), [modality, frame]);
  const { spec: chartSpec, update } = useChartSpec();
  const { groupBy, range, scales } = chartSpec;
  const iqms = useMemo(
    () =>
      chartedIqms(
        chartSpec,
        available,
        PAPER_IQMS[modality].filter((n) => available.includes(n)),
      ),
    [chartSpec, available, modality],
  );
  const data = useChartData(frame, view, iqms, groupBy);
  const grouping = data.grouping;
  const groupByName = GROUP_NAMES[groupBy].toLowerCase();
  const filters = spec.filters.length;
  const summaryRows = useMemo(() => {
    const out: SummaryRow[] = [];
    for (const name of iqms) {
      const s = data.summaries.get(name);
      if (!s) continue;
      const unit = shortUnit(iqmInfo(modality, name)?.unit);
      out.push({ iqm: name, unit, group: 'All records', summary: s.overall });
      if (!grouping) continue;
      grouping.labels.forEach((group, g) => {
        out.push({ iqm: name, unit, group, summary: s.groups[g]! });
      });
    }
    return out;
  }, [iqms, data.summaries, grouping, modality]);
  return (
    <CaptionProvider value={caption}>
      <div className="charts">
        <p className="charts-scope">
          Charts of <strong>{formatCount(view.rows.length)}</strong> records of <em>{label}</em>:{' '}
          {SHOW_TEXT[spec.show]}
          {filters > 0 ? `, ${filters} filter${filters > 1 ? 's' : ''} applied` : ''}. They follow
          the table’s view (rows shown and filters).
        </p>
        <ChartsToolbar
          groupBy={groupBy}
          onGroupBy={(by) => update({ groupBy: by })}
          range={range}
          onRange={(next) => update({ range: next })}
          available={available.filter((n) => !iqms.includes(n))}
          onAdd={(name) => update({ iqms: [...iqms, name] })}
        />
        {data.status === 'loading' ? (
          <p className="muted" role="status">
            Loading the columns to chart…
          </p>
        ) : null}
        {data.error ? <p role="alert">Columns could not be loaded: {data.error}</p> : null}
        {data.timeline ? (
          <RecordsOverTime
            counts={data.timeline}
            modality={modality}
            show={spec.show}
            dedup={spec.dedup}
          />
        ) : null}
        {data.status === 'ready' ? (
          <>
            <h3 className="charts-section">Distributions of image-quality metrics</h3>
            <div className="chart-grid">
              {iqms.map((name) => {
                const values = data.values.get(name);
                const summaries = data.summaries.get(name);
                if (!values || !summaries) {
                  return (
                    <p key={name} className="muted">
                      {name} holds non-numeric values and cannot be charted as a distribution.
                    </p>
                  );
                }
                const info = iqmInfo(modality, name);
                return (
                  <DistributionChart
                    key={name}
                    name={name}
                    unit={shortUnit(info?.unit)}
                    {...(info ? { description: info.description } : {})}
                    values={values}
                    rows={view.rows}
                    {...(grouping ? { groups: grouping.groups } : {})}
                    groupLabels={grouping?.labels ?? []}
                    groupByName={groupByName}
                    summaries={summaries}
                    range={range}
                    scale={scales[name] ?? 'auto'}
                    onScale={(scale) => update({ scales: { ...scales, [name]: scale } })}
                    onRemove={() => update({ iqms: iqms.filter((n) => n !== name) })}
                  />
                );
              })}
            </div>
            <h3 className="charts-section">Where the records come from</h3>
            <div className="chart-grid">
              {COUNT_CHARTS.map((by) => {
                const counts = data.counts[by];
                return counts ? (
                  <CategoryChart
                    key={by}
                    title={COUNT_TITLES[by]}
                    name={COUNT_NAMES[by]}
                    by={by}
                    column={GROUP_COLUMNS[by]}
                    categories={counts.categories}
                  />
                ) : null;
              })}
            </div>
            <SummaryTable
              rows={summaryRows}
              caption={`Per IQM${grouping ? ` and ${groupByName}` : ''} over the ${formatCount(view.rows.length)} records charted (${SHOW_TEXT[spec.show]}). n: records with a value; Q1, Q3: quartiles; IQR = Q3 − Q1; p01, p99: 1st and 99th percentiles (linear interpolation, as numpy).`}
              fileName={versionedFileName(`${modality}-iqm-summary`, 'csv', APP_VERSION, synthetic)}
            />
          </>
        ) : null}
      </div>
    </CaptionProvider>
  );
}
