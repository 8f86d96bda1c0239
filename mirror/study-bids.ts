import { type ObjectBuilder, objectBuilder } from './object-builder.ts';
import type { Rng } from './random.ts';
import {
  ACQ_IDS,
  BOLD_PROTOCOL_KEYS,
  DCM2NIIX_VERSIONS,
  dcm2niixDate,
  LEAN_KEY_SHARE,
  SESSION_SETS,
  SIEMENS_BOLD_KEYS,
  T1W_PROTOCOLS,
  T2W_PROTOCOLS,
  TASK_POOL,
  UNKNOWN_BIDS_KEYS,
  VENDORS,
  type Vendor,
} from './record-shape.ts';
import type { KeyStats, Modality } from './reference-data.ts';
import type { ScannerSite } from './site-catalog.ts';
import { type BidsValue, LEAN_BOLD_PROFILES, type TaskPair } from './site-table.ts';

/** A study's bids_meta: what every record shares, and what varies per record. */
export interface BidsPlan {
  /** Keys in stored order (sorted, as the real POST payloads have them). */
  keys: string[];
  /** Values in key order, with placeholders ('') where a record fills in its own value. */
  values: BidsValue[];
  /**
   * Builds the object: `build(values, subject_id, session_id, run_id, TaskName, task_id,
   * ProtocolName)`, ignoring per-record values of keys the study doesn't have.
   */
  build: ObjectBuilder;
  tasks: TaskPair[] | undefined;
  runs: string[] | undefined;
  sessions: string[] | undefined;
  /** bold ProtocolName per (task, run), when the protocol names vary like that. */
  protocolNames: string[] | undefined;
  repetitionTime: number | undefined;
}

export interface BidsInputs {
  modality: Modality;
  site: ScannerSite;
  /** Sidecar written by dcm2niix with scanner metadata (false = the lean 2017-style sidecar). */
  rich: boolean;
  /** Study upload time (Unix seconds). */
  at: number;
  /** Release time of the MRIQC version used. */
  released: number;
  boldStats: Record<string, KeyStats>;
}

/** Share of rich keys by real rate: the real fraction divided by the rich-sidecar share (0.835). */
const RICH_SHARE = 0.835;
const UNKNOWN_KEYS_SHARE = 0.015;
const IMAGE_TYPE_SINCE = Date.UTC(2022, 0, 1) / 1000;
const IMAGE_TYPE_SHARE = 0.8;

/**
 * Plans the bids_meta of one study.
 *
 * @example
 * const plan = planBids(rng, { modality: 'bold', site, rich: true, at, released, boldStats });
 * plan.base.Manufacturer // 'Siemens'
 */
export function planBids(rng: Rng, input: BidsInputs): BidsPlan {
  const fields: Record<string, BidsValue> = {};
  let tasks: TaskPair[] | undefined;
  let runStyle: 'plain' | 'padded' | 'none' | undefined;
  if (input.rich) {
    Object.assign(fields, richFields(rng, input));
    if (input.site.real) {
      tasks = [...input.site.real.tasks];
      runStyle = input.site.real.runs;
    }
  } else if (input.modality === 'bold' && rng.chance(0.5)) {
    const profile = rng.weighted(LEAN_BOLD_PROFILES.map((p) => [p, p.weight] as const));
    Object.assign(fields, profile.fields);
    tasks = [...profile.tasks];
    runStyle = profile.runs;
  } else {
    Object.assign(fields, leanFields(rng, input));
  }
  if (input.modality === 'bold') tasks ??= pickTasks(rng);
  else tasks = undefined;
  const runs = runLabels(rng, input.modality, runStyle);
  const sessions = pickSessions(rng, input);
  addOccasionalKeys(rng, input.modality, fields);
  fields.modality = input.modality;
  const protocolNames =
    input.rich && tasks && rng.chance(0.9) ? boldProtocolNames(rng, tasks, runs) : undefined;
  return {
    ...finishTemplate(fields, { tasks, runs, sessions, protocolNames }),
    tasks,
    runs,
    sessions,
    protocolNames,
    repetitionTime: typeof fields.RepetitionTime === 'number' ? fields.RepetitionTime : undefined,
  };
}

function richFields(rng: Rng, input: BidsInputs): Record<string, BidsValue> {
  const { site, modality } = input;
  const fields: Record<string, BidsValue> = { ...site.scanner, ConversionSoftware: 'dcm2niix' };
  if (!site.real) fields.ConversionSoftwareVersion = pickDcm2niix(rng, input.at);
  if (modality === 'bold') {
    Object.assign(fields, site.real ? site.real.boldProtocol : syntheticBoldProtocol(rng, input));
  } else {
    const protocols = (modality === 'T1w' ? T1W_PROTOCOLS : T2W_PROTOCOLS)[site.vendor];
    Object.assign(fields, rng.weighted(protocols));
    fields.ProtocolName = structuralProtocolName(rng, modality, site.vendor);
  }
  if (input.released >= IMAGE_TYPE_SINCE && rng.chance(IMAGE_TYPE_SHARE)) {
    fields.ImageType = VENDORS[site.vendor].imageType[modality];
  }
  return fields;
}

/** dcm2niix versions that existed when the study was converted (recent ones likelier). */
function pickDcm2niix(rng: Rng, at: number): string {
  const usable = DCM2NIIX_VERSIONS.filter(([v]) => dcm2niixDate(v) <= at);
  return usable.length > 0
    ? rng.weighted(usable)
    : (DCM2NIIX_VERSIONS[0] as readonly [string, number])[0];
}

/** Draws a synthetic site's bold protocol key by key from the real value counts. */
function syntheticBoldProtocol(rng: Rng, input: BidsInputs): Record<string, BidsValue> {
  const fields: Record<string, BidsValue> = {};
  for (const key of BOLD_PROTOCOL_KEYS) {
    const value = fromStats(rng, input.boldStats[key], key === 'RepetitionTime');
    if (value !== undefined) fields[key] = value;
  }
  const shape = VENDORS[input.site.vendor];
  if (rng.chance(0.98)) fields.ScanOptions = rng.weighted(shape.boldScanOptions);
  if (rng.chance(0.98)) fields.ScanningSequence = rng.weighted(shape.boldScanningSequence);
  if (rng.chance(0.98)) fields.SequenceVariant = rng.weighted(shape.boldSequenceVariant);
  if (input.site.vendor === 'Siemens') Object.assign(fields, siemensBoldKeys(rng, input, fields));
  if (input.site.vendor === 'Philips' && rng.chance(0.5)) fields.SliceEncodingDirection = 'k';
  return fields;
}

function siemensBoldKeys(
  rng: Rng,
  input: BidsInputs,
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

/** A value of one key from field-stats' top values, present at its real rate (or always). */
function fromStats(rng: Rng, stats: KeyStats | undefined, always = false): BidsValue | undefined {
  if (!stats?.top_values?.length) return undefined;
  if (!always && !rng.chance(Math.min(1, stats.fraction_present / RICH_SHARE))) return undefined;
  return rng.weighted(stats.top_values as [BidsValue, number][]);
}

/** A sidecar with only the basics (or, for structural scans, sometimes nothing at all). */
function leanFields(rng: Rng, input: BidsInputs): Record<string, BidsValue> {
  const fields: Record<string, BidsValue> = {};
  if (input.modality !== 'bold' && rng.chance(0.4)) return fields;
  const vendor = input.site.vendor;
  const structural =
    input.modality === 'bold'
      ? undefined
      : rng.weighted((input.modality === 'T1w' ? T1W_PROTOCOLS : T2W_PROTOCOLS)[vendor]);
  for (const [key, share] of Object.entries(LEAN_KEY_SHARE)) {
    if (!rng.chance(share)) continue;
    if (key === 'Manufacturer') fields[key] = vendor;
    else if (key === 'MagneticFieldStrength') fields[key] = 3;
    else if (structural) {
      if (structural[key] !== undefined) fields[key] = structural[key] as BidsValue;
    } else {
      const value = fromStats(rng, input.boldStats[key], true);
      if (value !== undefined) fields[key] = value;
    }
  }
  return fields;
}

function pickTasks(rng: Rng): TaskPair[] {
  const count = 1 + Math.min(3, Math.floor(rng.exponential(0.8)));
  const tasks: TaskPair[] = [];
  for (let i = 0; i < count * 3 && tasks.length < count; i++) {
    const task = rng.weighted(TASK_POOL);
    if (!tasks.some((t) => t[1] === task[1])) tasks.push(task);
  }
  return tasks;
}

/** run_id labels; real data spell them '1' and '01'. */
function runLabels(
  rng: Rng,
  modality: Modality,
  style: 'plain' | 'padded' | 'none' | undefined,
): string[] | undefined {
  const bold = modality === 'bold';
  const chosen =
    style ?? (rng.chance(bold ? 0.24 : 0.85) ? 'none' : rng.chance(0.8) ? 'plain' : 'padded');
  if (chosen === 'none') return undefined;
  const count = bold ? 1 + rng.int(4) : 1 + rng.int(2);
  return Array.from({ length: count }, (_, i) =>
    chosen === 'padded' ? String(i + 1).padStart(2, '0') : String(i + 1),
  );
}

function pickSessions(rng: Rng, input: BidsInputs): string[] | undefined {
  const has = input.site.real && input.rich ? input.site.real.sessions : rng.chance(0.38);
  return has ? [...rng.weighted(SESSION_SETS)] : undefined;
}

function addOccasionalKeys(rng: Rng, modality: Modality, fields: Record<string, BidsValue>): void {
  if (fields.acq_id === undefined && rng.chance(modality === 'bold' ? 0.09 : 0.1)) {
    fields.acq_id = rng.weighted(ACQ_IDS[modality]);
  }
  if (rng.chance(UNKNOWN_KEYS_SHARE)) {
    const count = 1 + rng.int(3);
    for (let i = 0; i < count; i++) {
      const [key, value] = rng.pick(UNKNOWN_BIDS_KEYS);
      fields[key] = value;
    }
  }
}

const BOLD_PROTOCOL_PATTERNS: readonly ((task: TaskPair, run: string) => string)[] = [
  (t, r) => `task-${t[1]}_run-${r}`,
  (t) => `fMRI_${t[0]}`,
  (t) => `BOLD_${t[1].toUpperCase()}`,
  (t) => `cmrr_mbep2d_bold_${t[1]}`,
  (t, r) => `WIP ${t[1]}_${r}`,
];

function boldProtocolNames(rng: Rng, tasks: TaskPair[], runs: string[] | undefined): string[] {
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

function structuralProtocolName(rng: Rng, modality: 'T1w' | 'T2w', vendor: Vendor): string {
  return rng.pick(STRUCTURAL_PROTOCOL_NAMES[vendor][modality]);
}

/** The per-record keys, in the argument order of {@link BidsPlan.build}. */
const PER_RECORD_KEYS = [
  'subject_id',
  'session_id',
  'run_id',
  'TaskName',
  'task_id',
  'ProtocolName',
];

/** Adds the per-record keys as placeholders and sorts keys as uploads store them. */
function finishTemplate(
  fields: Record<string, BidsValue>,
  dynamic: Pick<BidsPlan, 'tasks' | 'runs' | 'sessions' | 'protocolNames'>,
): Pick<BidsPlan, 'keys' | 'values' | 'build'> {
  fields.subject_id = '';
  if (dynamic.sessions) fields.session_id = '';
  if (dynamic.runs) fields.run_id = '';
  if (dynamic.tasks) {
    fields.TaskName = '';
    fields.task_id = '';
  }
  if (dynamic.protocolNames) fields.ProtocolName = '';
  const keys = Object.keys(fields).sort();
  const values = keys.map((k) => fields[k] as BidsValue);
  const perRecord = PER_RECORD_KEYS.map((k) =>
    k === 'ProtocolName' && !dynamic.protocolNames ? '' : k,
  );
  const arrays = keys.filter((k) => Array.isArray(fields[k]));
  return { keys, values, build: objectBuilder(keys, perRecord, arrays) };
}
