import { type Double, storedDouble } from '../double.ts';
import { SCHEMAS } from '../schema.ts';
import {
  boldProtocolNames,
  fromStats,
  pickDcm2niix,
  structuralProtocolName,
  syntheticBoldProtocol,
} from './bold-protocol.ts';
import { type ObjectBuilder, objectBuilder } from './object-builder.ts';
import type { Rng } from './random.ts';
import {
  ACQ_IDS,
  LEAN_KEY_SHARE,
  SESSION_SETS,
  T1W_PROTOCOLS,
  T2W_PROTOCOLS,
  TASK_POOL,
  UNKNOWN_BIDS_KEYS,
  VENDORS,
} from './record-shape.ts';
import type { KeyStats, Modality } from './reference-data.ts';
import type { ScannerSite } from './site-catalog.ts';
import { type BidsValue, LEAN_BOLD_PROFILES, type TaskPair } from './site-table.ts';

/** A study's bids_meta: what every record shares, and what varies per record. */
export interface BidsPlan {
  /** Keys in stored order (sorted, as the real POST payloads have them). */
  keys: string[];
  /** Values in key order, with placeholders ('') where a record fills in its own value. */
  values: Array<BidsValue | Double>;
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

const UNKNOWN_KEYS_SHARE = 0.015;
const IMAGE_TYPE_SINCE = Date.UTC(2022, 0, 1) / 1000;
const IMAGE_TYPE_SHARE = 0.8;

/**
 * Plans the bids_meta of one study.
 *
 * @example
 * const plan = planBids(rng, { modality: 'bold', site, rich: true, at, released, boldStats });
 * plan.keys // ['ConversionSoftware', …, 'TaskName', …, 'modality', 'run_id', 'subject_id', 'task_id']
 * plan.build(plan.values, subjectHash, undefined, '1', 'rest', 'rest') // one record's bids_meta
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
  const doubles = doubleKeys(input.modality, input.rich);
  return {
    ...finishTemplate(fields, { tasks, runs, sessions, protocolNames }, doubles),
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
    Object.assign(
      fields,
      site.real
        ? site.real.boldProtocol
        : syntheticBoldProtocol(rng, { vendor: site.vendor, boldStats: input.boldStats }),
    );
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

/** The per-record keys, in the argument order of {@link BidsPlan.build}. */
const PER_RECORD_KEYS = [
  'subject_id',
  'session_id',
  'run_id',
  'TaskName',
  'task_id',
  'ProtocolName',
];

/**
 * The bids_meta keys whose numbers an upload stores as doubles: those the schema types as
 * floats. Except MagneticFieldStrength in a lean (2017-style) sidecar: the schema said
 * integer until 2019, and those records hold the int 3 (bold-page-50.json).
 */
function doubleKeys(modality: Modality, rich: boolean): ReadonlySet<string> {
  const schema = SCHEMAS[modality].bids_meta?.schema ?? {};
  const keys = Object.keys(schema).filter((key) => schema[key]?.type === 'float');
  return new Set(rich ? keys : keys.filter((key) => key !== 'MagneticFieldStrength'));
}

/**
 * Adds the per-record keys as placeholders and sorts keys as uploads store them; the numbers
 * of `doubles` keys become doubles (a whole one a Double, which keeps its `.0` on the wire).
 */
function finishTemplate(
  fields: Record<string, BidsValue>,
  dynamic: Pick<BidsPlan, 'tasks' | 'runs' | 'sessions' | 'protocolNames'>,
  doubles: ReadonlySet<string>,
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
  const values = keys.map((k) => {
    const value = fields[k] as BidsValue;
    return typeof value === 'number' && doubles.has(k) ? storedDouble(value) : value;
  });
  const perRecord = PER_RECORD_KEYS.map((k) =>
    k === 'ProtocolName' && !dynamic.protocolNames ? '' : k,
  );
  const arrays = keys.filter((k) => Array.isArray(fields[k]));
  return { keys, values, build: objectBuilder(keys, perRecord, arrays) };
}
