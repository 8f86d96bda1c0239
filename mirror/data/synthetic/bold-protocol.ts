/**
 * Protocol-level bids_meta of synthetic studies: bold sequence keys drawn from the real value
 * counts, dcm2niix versions that existed at the time, and ProtocolName spellings.
 */

import type { Rng } from './random.ts';
import {
  BOLD_PROTOCOL_KEYS,
  DCM2NIIX_VERSIONS,
  dcm2niixDate,
  SIEMENS_BOLD_KEYS,
  VENDORS,
  type Vendor,
} from './record-shape.ts';
import type { KeyStats } from './reference-data.ts';
import type { BidsValue, TaskPair } from './site-table.ts';

/** Share of rich keys by real rate: the real fraction divided by the rich-sidecar share (0.835). */
const RICH_SHARE = 0.835;

/**
 * A dcm2niix version that existed when the study was converted (by the date in its name).
 *
 * @example
 * pickDcm2niix(rng, Date.UTC(2019, 0, 1) / 1000) // e.g. 'v1.0.20181125  (JP2:OpenJPEG) (JP-LS:CharLS) GCC5.5.0'
 */
export function pickDcm2niix(rng: Rng, at: number): string {
  const usable = DCM2NIIX_VERSIONS.filter(([v]) => dcm2niixDate(v) <= at);
  return usable.length > 0
    ? rng.weighted(usable)
    : (DCM2NIIX_VERSIONS[0] as readonly [string, number])[0];
}

/**
 * Draws a synthetic site's bold protocol key by key from the real value counts, with the
 * vendor's own ScanOptions / sequence spellings and Siemens-only keys.
 *
 * @example
 * syntheticBoldProtocol(rng, { vendor: 'GE', boldStats }) // { RepetitionTime: 2, EchoTime: 0.03, ScanOptions: 'EDR_GEMS_…', … }
 */
export function syntheticBoldProtocol(
  rng: Rng,
  input: { vendor: Vendor; boldStats: Record<string, KeyStats> },
): Record<string, BidsValue> {
  const fields: Record<string, BidsValue> = {};
  for (const key of BOLD_PROTOCOL_KEYS) {
    const value = fromStats(rng, input.boldStats[key], key === 'RepetitionTime');
    if (value !== undefined) fields[key] = value;
  }
  const shape = VENDORS[input.vendor];
  if (rng.chance(0.98)) fields.ScanOptions = rng.weighted(shape.boldScanOptions);
  if (rng.chance(0.98)) fields.ScanningSequence = rng.weighted(shape.boldScanningSequence);
  if (rng.chance(0.98)) fields.SequenceVariant = rng.weighted(shape.boldSequenceVariant);
  if (input.vendor === 'Siemens') Object.assign(fields, siemensBoldKeys(rng, input, fields));
  if (input.vendor === 'Philips' && rng.chance(0.5)) fields.SliceEncodingDirection = 'k';
  return fields;
}

function siemensBoldKeys(
  rng: Rng,
  input: { boldStats: Record<string, KeyStats> },
  fields: Record<string, BidsValue>,
): Record<string, BidsValue> {
  const out: Record<string, BidsValue> = {};
  const [multiband, partialFourier, pulse, sequence] = SIEMENS_BOLD_KEYS;
  const mb = fromStats(rng, input.boldStats[multiband], true);
  if (mb !== undefined && rng.chance(0.8)) out[multiband] = mb;
  if (rng.chance(0.75)) out[partialFourier] = true;
  if (rng.chance(0.75)) out[pulse] = rng.weighted(VENDORS.Siemens.boldPulseSequences);
  if (rng.chance(0.7)) out[sequence] = `epfid2d1_${fields.EchoTrainLength ?? 64}`;
  return out;
}

/**
 * A value of one key from field-stats' top values, present at its real rate (or always).
 *
 * @example
 * fromStats(rng, boldStats.FlipAngle) // 70, 75, 45 … or undefined (absent)
 */
export function fromStats(
  rng: Rng,
  stats: KeyStats | undefined,
  always = false,
): BidsValue | undefined {
  if (!stats?.top_values?.length) return undefined;
  if (!always && !rng.chance(Math.min(1, stats.fraction_present / RICH_SHARE))) return undefined;
  return rng.weighted(stats.top_values as [BidsValue, number][]);
}

const BOLD_PROTOCOL_PATTERNS: readonly ((task: TaskPair, run: string) => string)[] = [
  (t, r) => `task-${t[1]}_run-${r}`,
  (t) => `fMRI_${t[0]}`,
  (t) => `BOLD_${t[1].toUpperCase()}`,
  (t) => `cmrr_mbep2d_bold_${t[1]}`,
  (t, r) => `WIP ${t[1]}_${r}`,
];

/**
 * ProtocolName of each (task, run) of a study, in one of the spellings labs use.
 *
 * @example
 * boldProtocolNames(rng, [['rest', 'rest']], ['1', '2']) // e.g. ['task-rest_run-1', 'task-rest_run-2']
 */
export function boldProtocolNames(
  rng: Rng,
  tasks: TaskPair[],
  runs: string[] | undefined,
): string[] {
  const pattern = rng.pick(BOLD_PROTOCOL_PATTERNS);
  const runList = runs ?? ['1'];
  return tasks.flatMap((t) => runList.map((r) => pattern(t, r)));
}

const STRUCTURAL_PROTOCOL_NAMES: Record<Vendor, Record<'T1w' | 'T2w', readonly string[]>> = {
  Siemens: {
    T1w: ['t1_mprage_sag_p2_iso', 'T1w_MPR', 'ABCD_T1w_MPR_vNav'],
    T2w: ['t2_spc_sag_p2_iso', 'T2w_SPC'],
  },
  Philips: { T1w: ['T1_3D_TFE', 'WIP sT1W_3D_TFE'], T2w: ['T2W_3D_TSE', 'sT2W_TSE'] },
  GE: { T1w: ['Sag_IR-FSPGR', 'SAG FSPGR BRAVO'], T2w: ['Sag_CUBE_T2', 'AX T2 FSE'] },
};

/**
 * A typical ProtocolName for a structural scan on this vendor's scanner.
 *
 * @example
 * structuralProtocolName(rng, 'T1w', 'Philips') // 'T1_3D_TFE' or 'WIP sT1W_3D_TFE'
 */
export function structuralProtocolName(rng: Rng, modality: 'T1w' | 'T2w', vendor: Vendor): string {
  return rng.pick(STRUCTURAL_PROTOCOL_NAMES[vendor][modality]);
}
