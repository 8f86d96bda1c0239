import type { Modality } from '../../api/eve-url.ts';
import { flagRates } from '../../compare/comparison.ts';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import { ComparisonResults } from './comparison-results.tsx';
import { CrowdPicker } from './crowd-picker.tsx';
import { FilePicker } from './file-picker.tsx';
import { useScanParam } from './scan-param.ts';
import { useComparison } from './use-comparison.ts';
import { useCrowd } from './use-crowd.ts';
import './compare.css';

/**
 * The user's own MRIQC results (a group file) against the crowd: the saved records as chosen
 * in the crowd picker (unique or every upload, matched, with or without the table's filters).
 * `onSwitchModality` changes the query's modality, staying on this tab (the app owns the query).
 */
export function CompareView({
  onSwitchModality,
}: {
  onSwitchModality: (modality: Modality) => void;
}) {
  const { dataset, modality, label } = useDataset();
  const crowd = useCrowd();
  const { fileState, pick, mismatch, compare, result } = useComparison(crowd.view);
  const scanPage = useScanParam();
  const switchTo =
    mismatch && mismatch.fileModality !== 'structural' ? mismatch.fileModality : null;
  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare your scans with the crowd</h2>
      <p className="compare-intro">
        Each of your scans' IQMs is placed among the crowd's: its percentile (the share of crowd
        records with a lower value) and how far it lies from the crowd median in robust SDs. The
        crowd is the saved records of {label}, chosen below.
      </p>
      {dataset.status === 'ready' ? (
        <CrowdPicker
          choice={crowd.choice}
          options={crowd.options}
          tableFilters={crowd.tableFilters}
          n={crowd.view && !crowd.pending ? crowd.view.rows.length : null}
          onChange={(patch) => crowd.update(patch)}
        />
      ) : null}
      {crowd.error ? (
        <p className="compare-error" role="alert">
          The crowd could not be chosen: {crowd.error}
        </p>
      ) : null}
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
          <ChanceRate comparison={result.comparison} />
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
  const { flagged } = flagRates(comparison);
  const parts = [
    `${scans.toLocaleString('en-US')} scans from ${fileName} compared on ${comparison.iqms.length} IQMs ` +
      `against ${crowdRows.toLocaleString('en-US')} crowd records;`,
    `${flagged.toLocaleString('en-US')} ${flagged === 1 ? 'scan has' : 'scans have'} at least one flag.`,
  ];
  if (notInCrowd.length > 0) parts.push(`Not in the crowd data: ${notInCrowd.join(', ')}.`);
  return parts.join(' ');
}

const pct = (p: number) => `${Number((p * 100).toPrecision(2))}%`;
const num = (x: number, digits = 2) => Number(x.toFixed(digits)).toLocaleString('en-US');

/** What chance alone gives, beside what the file got: the yardstick for the flag counts. */
function ChanceRate({ comparison }: { comparison: Parameters<typeof flagRates>[0] }) {
  const r = flagRates(comparison);
  const scans = comparison.file.scans.length;
  return (
    <p className="compare-chance-rate" data-testid="compare-chance-rate">
      By chance: {r.tested} IQMs tested at p = {pct(r.tailP)} each → a typical scan gets about{' '}
      {r.tested} × {r.tailP} = <strong>{num(r.tested * r.tailP)}</strong> flags, and about{' '}
      {num(r.expectedFlagged, 0)} of {scans.toLocaleString('en-US')} scans at least one. Your file:{' '}
      <strong data-testid="compare-mean-flags">{num(r.observedMean)}</strong> flags per scan
      (expected {num(r.expectedMean)}), {r.flagged.toLocaleString('en-US')} scans with at least one;{' '}
      {r.beyondChance.toLocaleString('en-US')} {r.beyondChance === 1 ? 'scan has' : 'scans have'}{' '}
      more flags than chance explains (chance below 1%). Scans are listed least explained by chance
      first.
    </p>
  );
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
        <span className="compare-swatch compare-flagged">⚑</span> flagged: worse than 99% of the
        crowd (an IQM with a better side is tested on its worse side only), or beyond its 0.5th or
        99.5th percentile (an IQM without one) — 1% chance per IQM either way. Image size and voxel
        spacing are never flagged: they describe the protocol, not its quality. The robust z of a
        positive, right-skewed IQM is on the log scale.
      </li>
    </ul>
  );
}
