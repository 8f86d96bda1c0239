import type { Modality } from '../../api/eve-url.ts';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import { ComparisonResults } from './comparison-results.tsx';
import { crowdDescription } from './crowd-description.ts';
import { FilePicker } from './file-picker.tsx';
import { useScanParam } from './scan-param.ts';
import { useComparison } from './use-comparison.ts';
import './compare.css';

/**
 * The user's own MRIQC results (a group file) against the crowd records of the current view.
 * `onSwitchModality` changes the query's modality, staying on this tab (the app owns the query).
 */
export function CompareView({
  onSwitchModality,
}: {
  onSwitchModality: (modality: Modality) => void;
}) {
  const { dataset, modality, label, spec, view } = useDataset();
  const { fileState, pick, mismatch, compare, result } = useComparison();
  const scanPage = useScanParam();
  const switchTo =
    mismatch && mismatch.fileModality !== 'structural' ? mismatch.fileModality : null;
  const crowd = view ? crowdDescription(spec, view.rows.length, view.summary.total) : null;
  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare your scans with the crowd</h2>
      <p className="compare-intro">
        Each of your scans' IQMs is placed among the crowd's: its percentile (the share of crowd
        records with a lower value) and how far it lies from the crowd median in robust SDs.
        {crowd ? ` The crowd is ${crowd} of ${label}.` : ''}
      </p>
      <FilePicker
        onPick={pick}
        busy={fileState.status === 'reading'}
        current={fileState.status === 'none' ? null : fileState.name}
      />
      {scanPage.scan !== null && fileState.status === 'none' ? (
        <p className="compare-note" role="status">
          Load the group file again to see <strong>{scanPage.scan}</strong>: your file is read in
          this browser and not kept, so a reload or a shared link brings back the crowd but not your
          scans. Its page opens once the file is compared.
        </p>
      ) : null}
      {dataset.status === 'empty' ? (
        <p className="compare-note" role="status">
          No records of {label} are saved in this browser yet: download them (above) to compare your
          file with them.
        </p>
      ) : null}
      {dataset.status === 'error' ? (
        <p className="compare-error" role="alert">
          The saved records could not be opened: {dataset.message}
        </p>
      ) : null}
      {fileState.status === 'reading' ? <p role="status">Reading {fileState.name}…</p> : null}
      {fileState.status === 'error' ? (
        <div className="compare-error" role="alert">
          <strong>{fileState.name} can't be compared.</strong> {fileState.message}
        </div>
      ) : null}
      {mismatch ? (
        <div className="compare-error" role="alert">
          <p>{mismatch.message}</p>
          {switchTo !== null ? (
            <button type="button" className="secondary" onClick={() => onSwitchModality(switchTo)}>
              Switch to {switchTo}
            </button>
          ) : null}
        </div>
      ) : null}
      {fileState.status === 'ready' && fileState.file.warnings.length > 0 ? (
        <div className="compare-warnings" role="note" aria-label="Notes on your file">
          <p>Notes on {fileState.name}:</p>
          <ul>
            {fileState.file.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {compare.status === 'running' ? (
        <p role="status">
          Comparing with the crowd: {compare.done} of {compare.total} IQMs…
        </p>
      ) : null}
      {compare.status === 'error' ? (
        <p className="compare-error" role="alert">
          {compare.message}
        </p>
      ) : null}
      {result && fileState.status === 'ready' ? (
        <>
          <p className="compare-summary" role="status">
            {summaryText(result, fileState.name)}
          </p>
          <Legend />
          <ComparisonResults
            key={fileState.name}
            comparison={result.comparison}
            modality={modality}
            fileName={fileState.name}
            scan={scanPage.scan}
            onOpen={scanPage.open}
            onStep={scanPage.step}
            onClose={scanPage.close}
          />
        </>
      ) : null}
    </section>
  );
}

function summaryText(
  result: NonNullable<ReturnType<typeof useComparison>['result']>,
  fileName: string,
): string {
  const { comparison, crowdRows, notInCrowd } = result;
  const scans = comparison.file.scans.length;
  let flagged = 0;
  for (const n of comparison.flagCount) if (n > 0) flagged++;
  const parts = [
    `${scans.toLocaleString('en-US')} scans from ${fileName} compared on ${comparison.iqms.length} IQMs ` +
      `against ${crowdRows.toLocaleString('en-US')} crowd records;`,
    `${flagged.toLocaleString('en-US')} ${flagged === 1 ? 'scan has' : 'scans have'} at least one flag.`,
  ];
  if (notInCrowd.length > 0) parts.push(`Not in the crowd data: ${notInCrowd.join(', ')}.`);
  return parts.join(' ');
}

function Legend() {
  return (
    <ul className="compare-legend" aria-label="How to read the table">
      <li>
        <span className="compare-swatch compare-good">✓</span> better than 90% of the crowd (for
        IQMs with a better side)
      </li>
      <li>
        <span className="compare-swatch compare-poor">✗</span> worse than 90% of the crowd
      </li>
      <li>
        <span className="compare-swatch compare-flagged">⚑</span> flagged: below the crowd's 1st or
        above its 99th percentile, or more than 3 robust SDs from its median (image size and voxel
        spacing are never flagged: they describe the protocol, not its quality)
      </li>
    </ul>
  );
}
