import iqms from '../../src/data/iqms.json' with { type: 'json' };
import type { StoredResource } from './types.ts';

/**
 * The Eve schema of each resource (eve-api.md 1.4), for POST validation and for choosing
 * which top-level fields a GET returns (3.4). IQM names, types and `required` flags come
 * from src/data/iqms.json; the dict fields (bids_meta, provenance, rating) follow the MRIQC
 * app's settings.py (nipreps/mriqcwebapi, dockereve-master/eve-app/settings.py).
 */

/** Cerberus types used by the MRIQC schema. */
export type FieldType = 'float' | 'integer' | 'string' | 'boolean' | 'dict';

export interface FieldRule {
  type: FieldType;
  required?: boolean;
  /** Sub-schema of a dict; a dict without one accepts anything (nipype_telemetry.inputs). */
  schema?: Schema;
  /** Sub-keys outside `schema` are allowed (bids_meta only). */
  allowUnknown?: boolean;
}

export type Schema = Readonly<Record<string, FieldRule>>;

interface IqmEntry {
  api_schema_type: string;
  required_by_api_schema: boolean;
}

function iqmRules(entries: Record<string, IqmEntry>): Record<string, FieldRule> {
  const rules: Record<string, FieldRule> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const type = entry.api_schema_type === 'integer' ? 'integer' : 'float';
    rules[name] = entry.required_by_api_schema ? { type, required: true } : { type };
  }
  return rules;
}

const BIDS_STRING_KEYS = [
  'session_id',
  'run_id',
  'acq_id',
  'task_id',
  'AcquisitionMatrix',
  'CogAtlasID',
  'CogPOID',
  'CoilCombinationMethod',
  'ContrastBolusIngredient',
  'ConversionSoftware',
  'ConversionSoftwareVersion',
  'DeviceSerialNumber',
  'GradientSetType',
  'HardcopyDeviceSoftwareVersion',
  'InPlanePhaseEncodingDirection',
  'InstitutionAddress',
  'InstitutionName',
  'Instructions',
  'MRAcquisitionType',
  'MRTransmitCoilSequence',
  'Manufacturer',
  'ManufacturersModelName',
  'MatrixCoilMode',
  'ParallelAcquisitionTechnique',
  'PartialFourierDirection',
  'PatientPosition',
  'PhaseEncodingDirection',
  'ProtocolName',
  'PulseSequenceDetails',
  'PulseSequenceType',
  'ReceiveCoilName',
  'ScanOptions',
  'ScanningSequence',
  'SequenceName',
  'SequenceVariant',
  'SliceEncodingDirection',
  'SoftwareVersions',
  'TaskDescription',
  'TransmitCoilName',
  'VariableFlipAngleFlag',
];
const BIDS_INTEGER_KEYS = [
  'AccelNumReferenceLines',
  'AccelerationFactorPE',
  'EchoTrainLength',
  'FlipAngle',
  'ImagingFrequency',
  'NumberOfAverages',
  'NumberOfPhaseEncodingSteps',
  'NumberShots',
  'PercentPhaseFieldOfView',
  'PercentSampling',
  'PixelBandwidth',
  'TotalScanTimeSec',
];
/**
 * MagneticFieldStrength has been a float since 2019 (mriqcwebapi da880e9, "MagneticFieldStrength
 * should be float"); records uploaded before keep the int 3 they were sent with.
 */
const BIDS_FLOAT_KEYS = [
  'MagneticFieldStrength',
  'DelayTime',
  'EchoTime',
  'EffectiveEchoSpacing',
  'InversionTime',
  'MultibandAccelerationFactor',
  'NumberOfVolumesDiscardedByScanner',
  'NumberOfVolumesDiscardedByUser',
  'ParallelReductionFactorInPlane',
  'RepetitionTime',
  'TotalReadoutTime',
];

function bidsMeta(forBold: boolean): FieldRule {
  const schema: Record<string, FieldRule> = {
    modality: { type: 'string', required: true },
    subject_id: { type: 'string', required: true },
  };
  for (const key of BIDS_STRING_KEYS) schema[key] = { type: 'string' };
  for (const key of BIDS_INTEGER_KEYS) schema[key] = { type: 'integer' };
  for (const key of BIDS_FLOAT_KEYS) schema[key] = { type: 'float' };
  schema.PartialFourier = { type: 'boolean' };
  if (forBold) schema.TaskName = { type: 'string', required: true };
  return { type: 'dict', required: true, allowUnknown: true, schema };
}

const PROVENANCE: FieldRule = {
  type: 'dict',
  required: true,
  schema: {
    version: { type: 'string', required: true },
    md5sum: { type: 'string', required: true },
    software: { type: 'string', required: true },
    settings: {
      type: 'dict',
      schema: {
        fd_thres: { type: 'float' },
        hmc_fsl: { type: 'boolean' },
        testing: { type: 'boolean' },
      },
    },
    mriqc_pred: { type: 'integer' },
    email: { type: 'string' },
  },
};

const RATING_FIELDS: Record<string, FieldRule> = {
  rating: { type: 'string', required: true },
  name: { type: 'string' },
  comment: { type: 'string' },
  md5sum: { type: 'string', required: true },
};

const STRUCTURAL: Schema = {
  ...iqmRules(iqms.structural.iqms as Record<string, IqmEntry>),
  bids_meta: bidsMeta(false),
  provenance: PROVENANCE,
};

/** Every stored resource's schema; T2w's is identical to T1w's. */
export const SCHEMAS: Readonly<Record<StoredResource, Schema>> = {
  bold: {
    ...iqmRules(iqms.bold.iqms as Record<string, IqmEntry>),
    bids_meta: bidsMeta(true),
    provenance: PROVENANCE,
    rating: { type: 'dict', schema: RATING_FIELDS },
  },
  T1w: STRUCTURAL,
  T2w: STRUCTURAL,
  rating: RATING_FIELDS,
  nipype_telemetry: {
    interface_class_name: { type: 'string', required: true },
    version: { type: 'string', required: true },
    mem_peak_gb: { type: 'float', required: true },
    duration_sec: { type: 'float', required: true },
    inputs: { type: 'dict', required: true },
  },
};

const FIELD_LISTS = new Map<StoredResource, readonly string[]>();

/**
 * The top-level schema fields of a resource, in schema order: the only stored fields a GET
 * returns, besides the meta fields (eve-api.md 3.4).
 *
 * @example
 * schemaFields('T1w').includes('bids_meta') // true
 * schemaFields('T1w').includes('rating') // false: only bold records show a rating
 */
export function schemaFields(resource: StoredResource): readonly string[] {
  let fields = FIELD_LISTS.get(resource);
  if (!fields) {
    fields = Object.freeze(Object.keys(SCHEMAS[resource]));
    FIELD_LISTS.set(resource, fields);
  }
  return fields;
}

const SERVED = new Map<StoredResource, ReadonlySet<string>>();

/**
 * Every top-level field a GET without projection returns: the schema fields and the stored
 * meta fields `_id`, `_created`, `_updated`, `_etag` (eve-api.md 3.4).
 */
export function servedFields(resource: StoredResource): ReadonlySet<string> {
  let served = SERVED.get(resource);
  if (!served) {
    served = new Set([...schemaFields(resource), '_id', '_created', '_updated', '_etag']);
    SERVED.set(resource, served);
  }
  return served;
}
