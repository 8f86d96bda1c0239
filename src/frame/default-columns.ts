import type { FrameColumnInfo } from './frame.ts';

type Modality = 'T1w' | 'T2w' | 'bold';

/**
 * The columns a table opens with: when and with what MRIQC version, the scanner, then the IQMs
 * people look at first (the paper's Fig. 3B set and their neighbours). Only those the dataset
 * has. `_id` and `provenance.md5sum` are opaque hex to a reader (the Copies column and the group
 * panel stand for the md5sum), and they are the costliest columns to load (a million distinct
 * strings each), so they are one click away in the picker rather than shown by default.
 */
const DEFAULTS: Record<Modality, readonly string[]> = {
  T1w: [
    '_created',
    'provenance.version',
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
    '_created',
    'provenance.version',
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
 * defaultColumns('bold', [{ name: '_created', type: 'text' }, { name: 'tsnr', type: 'number' }]) // ['_created', 'tsnr']
 */
export function defaultColumns(modality: Modality, columns: readonly FrameColumnInfo[]): string[] {
  const have = new Set(columns.map((c) => c.name));
  const wanted = modality === 'T2w' ? DEFAULTS.T1w : DEFAULTS[modality];
  return wanted.filter((name) => have.has(name));
}
