import type { BidsFields, BidsValue, TaskPair } from './site-table.ts';

/**
 * Value tables for synthetic scanners and studies. Where a value was seen in real API records
 * (field-stats.json, bold_500.tsv) it is used as seen; the structural (T1w/T2w) protocols are
 * NOT measured — no real T1w API record exists offline — and are typical vendor defaults for
 * MPRAGE / TFE / BRAVO and SPACE / CUBE / TSE, so that filters on them behave plausibly.
 */

export type Vendor = 'Siemens' | 'Philips' | 'GE';
export type Weighted<T> = readonly (readonly [T, number])[];

/** Manufacturer counts in the real bold records. */
export const VENDOR_WEIGHTS: Weighted<Vendor> = [
  ['Siemens', 421],
  ['Philips', 163],
  ['GE', 88],
];

interface VendorShape {
  models: Weighted<string>;
  softwareVersions: Weighted<string>;
  /** 3 T Larmor frequency as the sidecar rounds it: Siemens 123 (123.2 MHz), others 127. */
  imagingFrequency: number;
  receiveCoils: Weighted<string>;
  boldScanOptions: Weighted<string>;
  boldScanningSequence: Weighted<string>;
  boldSequenceVariant: Weighted<string>;
  boldPulseSequences: Weighted<string>;
  /** ImageType arrays dcm2niix writes (MRIQC's uploader whitelists it; newer uploads carry it). */
  imageType: Record<'T1w' | 'T2w' | 'bold', readonly string[]>;
}

export const VENDORS: Record<Vendor, VendorShape> = {
  Siemens: {
    models: [
      ['Prisma', 221],
      ['Prisma_fit', 90],
      ['Skyra', 50],
      ['TrioTim', 10],
    ],
    softwareVersions: [
      ['syngo_MR_E11', 335],
      ['syngo MR E11', 26],
      ['syngo_MR_B17', 8],
    ],
    imagingFrequency: 123,
    receiveCoils: [
      ['Head_32', 260],
      ['HeadNeck_20', 71],
      ['HeadNeck_64', 30],
      ['32Ch_Head', 2],
    ],
    boldScanOptions: [
      ['FS', 300],
      ['FS_EXT', 173],
      ['FS\\EXT', 1],
    ],
    boldScanningSequence: [['EP', 371]],
    boldSequenceVariant: [
      ['SK_SS', 276],
      ['SK', 227],
      ['SK\\SS', 28],
      ['SK_OSP', 3],
    ],
    boldPulseSequences: [
      ['%CustomerSeq%_cmrr_mbep2d_bold', 264],
      ['%SiemensSeq%_ep2d_bold', 53],
      ['%CustomerSeq%_hcp_mbep2d_bold', 12],
      ['%CustomerSeq%\\cmrr_mbep2d_bold', 7],
      ['%CustomerSeq%_ep2d_bold_sms_abcd', 6],
    ],
    imageType: {
      T1w: ['ORIGINAL', 'PRIMARY', 'M', 'ND', 'NORM'],
      T2w: ['ORIGINAL', 'PRIMARY', 'M', 'ND', 'NORM'],
      bold: ['ORIGINAL', 'PRIMARY', 'M', 'ND', 'MOSAIC'],
    },
  },
  Philips: {
    models: [
      ['Achieva dStream', 160],
      ['Ingenia Elition X', 3],
      ['Achieva', 20],
      ['Ingenia', 20],
    ],
    softwareVersions: [
      ['5.6.1\\5.6.1.2', 104],
      ['5.6.1\\5.6.1.0', 56],
      ['5.7.1\\5.7.1.2', 3],
    ],
    imagingFrequency: 127,
    receiveCoils: [],
    boldScanOptions: [['FS', 160]],
    boldScanningSequence: [['GR', 163]],
    boldSequenceVariant: [['SK', 163]],
    boldPulseSequences: [],
    imageType: {
      T1w: ['ORIGINAL', 'PRIMARY', 'M_FFE', 'M', 'FFE'],
      T2w: ['ORIGINAL', 'PRIMARY', 'M_SE', 'M', 'SE'],
      bold: ['ORIGINAL', 'PRIMARY', 'M_FFE', 'M', 'FFE'],
    },
  },
  GE: {
    models: [
      ['SIGNA_Premier', 46],
      ['DISCOVERY MR750w', 38],
      ['DISCOVERY_MR750', 2],
      ['DISCOVERY MR750', 2],
    ],
    softwareVersions: [
      ['28_LX_MR_Software_release:RX28.0_R05_2035.a', 46],
      ['27\\LX\\MR Software release:DV26.0_R05_2008.a', 30],
      ['27\\LX\\MR Software release:DV26.0_R03_1831.b', 8],
      ['27_LX_MR_Software_release:DV26.0_R02_1810.b', 2],
    ],
    imagingFrequency: 127,
    receiveCoils: [],
    boldScanOptions: [
      ['EDR_GEMS_MP_GEMS_EPI_GEMS_HYPERBAND_GEMS_PFF', 46],
      ['SAT_GEMS\\EPI_GEMS\\ACC_GEMS\\FS', 38],
      ['MP_GEMS\\EPI_GEMS\\ACC_GEMS', 2],
    ],
    boldScanningSequence: [
      ['EP\\GR', 40],
      ['EP_GR', 46],
      ['EP_RM', 2],
    ],
    boldSequenceVariant: [
      ['SS', 86],
      ['NONE', 2],
    ],
    boldPulseSequences: [],
    imageType: {
      T1w: ['ORIGINAL', 'PRIMARY', 'OTHER'],
      T2w: ['ORIGINAL', 'PRIMARY', 'OTHER'],
      bold: ['ORIGINAL', 'PRIMARY', 'EPI', 'NONE'],
    },
  },
};

/** dcm2niix releases seen in real sidecars plus later ones, with the date their name encodes. */
export const DCM2NIIX_VERSIONS: Weighted<string> = [
  ['v1.0.20170724 GCC4.4.7', 8],
  ['v1.0.20180622 GCC6.3.0', 25],
  ['v1.0.20180622 (JP2:OpenJPEG) (JP-LS:CharLS) GCC5.5.0', 54],
  ['v1.0.20181114  GCC7.3.0', 3],
  ['v1.0.20181125  (JP2:OpenJPEG) (JP-LS:CharLS) GCC5.5.0', 46],
  ['v1.0.20190410  GCC6.3.0', 211],
  ['v1.0.20190410  GCC4.8.5', 8],
  ['v1.0.20200331', 33],
  ['v1.0.20201102', 225],
  ['v1.0.20210317', 6],
  ['v1.0.20211006', 60],
  ['v1.0.20220720', 80],
  ['v1.0.20230411', 80],
  ['v1.0.20240202', 80],
];

/**
 * The Unix second a dcm2niix version string's date stands for.
 *
 * @example
 * dcm2niixDate('v1.0.20201102') // 1604275200 (2020-11-02)
 */
export function dcm2niixDate(version: string): number {
  const m = /v1\.0\.(\d{4})(\d{2})(\d{2})/.exec(version);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 : 0;
}

/** Pieces for invented institution names and addresses (styles copied from real ones). */
export const INSTITUTION_WORDS = {
  kinds: [
    'Neuroimaging_Center',
    'Brain_Imaging_Center',
    'MRI_Research_Facility',
    'University_Hospital',
    'Imaging_Research_Unit',
    'Center_for_Cognitive_Neuroscience',
    'CLINICAL MRI 3T',
    'Radiology Research',
  ],
  places: ['North', 'South', 'East', 'West', 'Lakeside', 'Hillcrest', 'Riverside', 'Central'],
  countries: ['US', 'GB', 'DE', 'FR', 'NL', 'CA', 'AU', 'ES', 'JP', 'CN'],
};

/** [TaskName, task_id] pairs for studies at synthetic sites (real ones first). */
export const TASK_POOL: Weighted<TaskPair> = [
  [['rest', 'rest'], 107],
  [['mixed-gambles task', 'mixedgamblestask'], 46],
  [['restingeyesopen', 'restingeyesopen'], 38],
  [['surprise', 'surprise'], 30],
  [['MemorySpan', 'MemorySpan'], 25],
  [['vid', 'vid'], 24],
  [['learn', 'learn'], 20],
  [['resting state', 'rest'], 30],
  [['n-back task', 'nback'], 20],
  [['Stroop', 'stroop'], 15],
  [['motor', 'motor'], 15],
  [['faces', 'faces'], 15],
  [['flanker', 'flanker'], 10],
  [['language localizer', 'langloc'], 10],
  [['gambling', 'gambling'], 10],
  [['emotion', 'emotion'], 10],
  [['TODO: full task name for rest', 'rest'], 8],
];

/** Session label sets (sha256 of these is what records carry; sha256('1') is the commonest). */
export const SESSION_SETS: Weighted<readonly string[]> = [
  [['1'], 20],
  [['1', '2'], 30],
  [['1', '2', '3'], 8],
  [['01', '02'], 12],
  [['pre', 'post'], 6],
  [['baseline', 'followup'], 5],
  [['A', 'B'], 3],
  [['V1', 'V2', 'V3'], 3],
  [['2'], 3],
];

/** How a study spells its subject labels; the hash of '01' is the same in every study. */
export type SubjectStyle = 'plain' | 'pad2' | 'pad3' | 'pad4' | 'large' | 'alnum';
export const SUBJECT_STYLES: Weighted<SubjectStyle> = [
  ['plain', 20],
  ['pad2', 25],
  ['pad3', 20],
  ['pad4', 5],
  ['large', 15],
  ['alnum', 15],
];

/** acq_id values seen (bold) and typical ones (structural). */
export const ACQ_IDS: Record<'T1w' | 'T2w' | 'bold', Weighted<string>> = {
  bold: [
    ['MB', 33],
    ['multiband', 25],
    ['PA', 5],
    ['REST', 2],
    ['eyesopenPA', 1],
  ],
  T1w: [
    ['mprage', 10],
    ['MPRAGE', 5],
    ['highres', 4],
    ['vNav', 2],
    ['MEMPRAGE', 2],
  ],
  T2w: [
    ['spc', 6],
    ['SPACE', 4],
    ['tse', 3],
  ],
};

/**
 * Keys MRIQC's uploader does not whitelist but a few old or hand-made uploads carry (the
 * names come from a real local MRIQC output): bids_meta accepts unknown keys.
 */
export const UNKNOWN_BIDS_KEYS: readonly (readonly [string, BidsValue])[] = [
  ['AcquisitionNumber', 4],
  ['SeriesNumber', 7],
  ['SeriesDescription', 'ImageMRSERIES'],
  ['ImageComments', 'PIop'],
  ['dataset', '<unset>'],
  ['BidsifyVersion', '0.3.5'],
  ['ReconMatrixPE', 240],
  [
    'ImageOrientationPatientDICOM',
    [0.997822, -0.0345204, 0.056213, 0.0465325, 0.972345, -0.228868],
  ],
];

type StructuralProtocols = Record<Vendor, Weighted<BidsFields>>;

/** Typical 3D T1-weighted protocols per vendor (not measured; see the file comment). */
export const T1W_PROTOCOLS: StructuralProtocols = {
  Siemens: [
    [
      {
        RepetitionTime: 2.3,
        EchoTime: 0.00298,
        InversionTime: 0.9,
        FlipAngle: 9,
        PixelBandwidth: 240,
        ScanningSequence: 'GR_IR',
        SequenceVariant: 'SK_SP_MP',
        SequenceName: '_tfl3d1_16ns',
        ScanOptions: 'IR',
        MRAcquisitionType: '3D',
        ParallelReductionFactorInPlane: 2,
        PulseSequenceDetails: '%SiemensSeq%_tfl',
      },
      5,
    ],
    [
      {
        RepetitionTime: 2.4,
        EchoTime: 0.00222,
        InversionTime: 1,
        FlipAngle: 8,
        PixelBandwidth: 220,
        ScanningSequence: 'GR_IR',
        SequenceVariant: 'SK_SP_MP',
        SequenceName: '_tfl3d1_16ns',
        ScanOptions: 'IR',
        MRAcquisitionType: '3D',
        ParallelReductionFactorInPlane: 2,
        PulseSequenceDetails: '%CustomerSeq%_tfl_mgh_epinav_ABCD',
      },
      3,
    ],
    [
      {
        RepetitionTime: 2.53,
        EchoTime: 0.00164,
        InversionTime: 1.2,
        FlipAngle: 7,
        PixelBandwidth: 650,
        ScanningSequence: 'GR\\IR',
        SequenceVariant: 'SK\\SP\\MP',
        SequenceName: '*tfl3d4_16ns',
        ScanOptions: 'IR',
        MRAcquisitionType: '3D',
      },
      1,
    ],
    [
      {
        RepetitionTime: 1.9,
        EchoTime: 0.00257,
        InversionTime: 0.9,
        FlipAngle: 9,
        PixelBandwidth: 170,
        ScanningSequence: 'GR\\IR',
        SequenceVariant: 'SP\\MP',
        SequenceName: '*tfl3d1_ns',
        ScanOptions: 'IR',
        MRAcquisitionType: '3D',
      },
      1,
    ],
  ],
  Philips: [
    [
      {
        RepetitionTime: 0.0081,
        EchoTime: 0.0037,
        FlipAngle: 8,
        PixelBandwidth: 191,
        ScanningSequence: 'GR',
        SequenceVariant: 'SP',
        ScanOptions: 'OTHER',
        MRAcquisitionType: '3D',
      },
      3,
    ],
    [
      {
        RepetitionTime: 0.0066,
        EchoTime: 0.0031,
        FlipAngle: 9,
        PixelBandwidth: 241,
        ScanningSequence: 'GR',
        SequenceVariant: 'SP',
        ScanOptions: 'OTHER',
        MRAcquisitionType: '3D',
      },
      2,
    ],
  ],
  GE: [
    [
      {
        RepetitionTime: 0.0082,
        EchoTime: 0.0032,
        InversionTime: 0.45,
        FlipAngle: 12,
        PixelBandwidth: 244,
        ScanningSequence: 'GR',
        SequenceVariant: 'SS_SK',
        ScanOptions: 'FAST_GEMS\\EDR_GEMS\\FILTERED_GEMS\\ACC_GEMS',
        MRAcquisitionType: '3D',
      },
      3,
    ],
    [
      {
        RepetitionTime: 2.2,
        EchoTime: 0.0029,
        InversionTime: 0.9,
        FlipAngle: 8,
        PixelBandwidth: 244,
        ScanningSequence: 'GR',
        SequenceVariant: 'SS_SK',
        ScanOptions: 'EDR_GEMS\\ACC_GEMS',
        MRAcquisitionType: '3D',
      },
      1,
    ],
  ],
};

/** Typical T2-weighted protocols per vendor (not measured; see the file comment). */
export const T2W_PROTOCOLS: StructuralProtocols = {
  Siemens: [
    [
      {
        RepetitionTime: 3.2,
        EchoTime: 0.565,
        FlipAngle: 120,
        EchoTrainLength: 314,
        PixelBandwidth: 744,
        ScanningSequence: 'SE',
        SequenceVariant: 'SK_SP',
        SequenceName: '_spc_314ns',
        MRAcquisitionType: '3D',
      },
      4,
    ],
    [
      {
        RepetitionTime: 6,
        EchoTime: 0.1,
        FlipAngle: 150,
        EchoTrainLength: 16,
        PixelBandwidth: 220,
        ScanningSequence: 'SE',
        SequenceVariant: 'SK_SP_OSP',
        SequenceName: '_tse2d1_16',
        MRAcquisitionType: '2D',
      },
      1,
    ],
  ],
  Philips: [
    [
      {
        RepetitionTime: 2.5,
        EchoTime: 0.26,
        FlipAngle: 90,
        EchoTrainLength: 133,
        PixelBandwidth: 760,
        ScanningSequence: 'SE',
        SequenceVariant: 'SK',
        MRAcquisitionType: '3D',
      },
      1,
    ],
  ],
  GE: [
    [
      {
        RepetitionTime: 3.2,
        EchoTime: 0.09,
        FlipAngle: 90,
        EchoTrainLength: 140,
        PixelBandwidth: 488,
        ScanningSequence: 'SE',
        SequenceVariant: 'SK',
        MRAcquisitionType: '3D',
      },
      1,
    ],
  ],
};

/** bold protocol keys drawn from field-stats' real value counts at synthetic sites. */
export const BOLD_PROTOCOL_KEYS = [
  'CogAtlasID',
  'EchoTime',
  'EchoTrainLength',
  'EffectiveEchoSpacing',
  'FlipAngle',
  'MRAcquisitionType',
  'ParallelReductionFactorInPlane',
  'PercentSampling',
  'PhaseEncodingDirection',
  'PixelBandwidth',
  'RepetitionTime',
  'TotalReadoutTime',
] as const;

/** Siemens-only keys (dcm2niix writes them from Siemens' private headers). */
export const SIEMENS_BOLD_KEYS = [
  'MultibandAccelerationFactor',
  'PartialFourier',
  'PulseSequenceDetails',
  'SequenceName',
] as const;

/** Keys a lean (pre-dcm2niix-metadata) sidecar has, with their share among lean studies. */
export const LEAN_KEY_SHARE: Readonly<Record<string, number>> = {
  EchoTime: 0.85,
  FlipAngle: 0.8,
  MagneticFieldStrength: 0.55,
  Manufacturer: 0.55,
  RepetitionTime: 1,
  PhaseEncodingDirection: 0.3,
};
