import type { FrameColumnInfo } from './frame.ts';

type Modality = 'T1w' | 'T2w' | 'bold';

/**
 * The columns a table opens with: who/when/what version, the scanner, then the IQMs people
 * look at first (the paper's Fig. 3B set and their neighbours). Only those the dataset has.
 */
const DEFAULTS: Record<Modality, readonly string[]> = {
  T1w: [
    '_id',
    '_created',
    'provenance.version',
    'provenance.md5sum',
    'bids_meta.Manufacturer',
    'bids_meta.MagneticFieldStrength',
    'cjv',
    'cnr',
    'snr_total',
    'snr_wm',
    'efc',
    'fber',
    'fwhm_avg',
    'wm2max',
    'qi_1',
    'inu_med',
  ],
  T2w: [],
  bold: [
    '_id',
    '_created',
    'provenance.version',
    'provenance.md5sum',
    'bids_meta.Manufacturer',
    'bids_meta.MagneticFieldStrength',
    'bids_meta.RepetitionTime',
    'bids_meta.TaskName',
    'fd_mean',
    'dvars_nstd',
    'gcor',
    'gsr_x',
    'gsr_y',
    'tsnr',
    'snr',
    'aor',
    'aqi',
  ],
};

/**
 * Default visible columns for a modality, in order, limited to the dataset's columns.
 *
 * @example
 * defaultColumns('bold', [{ name: '_id', type: 'text' }, { name: 'tsnr', type: 'number' }]) // ['_id', 'tsnr']
 */
export function defaultColumns(modality: Modality, columns: readonly FrameColumnInfo[]): string[] {
  const have = new Set(columns.map((c) => c.name));
  const wanted = modality === 'T2w' ? DEFAULTS.T1w : DEFAULTS[modality];
  return wanted.filter((name) => have.has(name));
}
