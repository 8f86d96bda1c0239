import catalogue from './iqms.json';

/**
 * What each IQM means, from iqms.json (see README.md there for sources): for column pickers,
 * header tooltips, chart axes and the colouring of percentiles by direction.
 */

export type Direction = 'higher-better' | 'lower-better' | 'neither';

export interface IqmInfo {
  readonly name: string;
  readonly group: string;
  readonly description: string;
  /** null = dimensionless. */
  readonly unit: string | null;
  readonly direction: Direction;
  readonly note?: string;
}

type Modality = 'T1w' | 'T2w' | 'bold';

interface RawIqm {
  group: string;
  description: string;
  unit: string | null;
  direction: string;
  note?: string;
}

function toInfos(iqms: Record<string, RawIqm>): IqmInfo[] {
  return Object.entries(iqms).map(([name, raw]) => ({
    name,
    group: raw.group,
    description: raw.description,
    unit: raw.unit,
    direction:
      raw.direction === 'higher-better' || raw.direction === 'lower-better'
        ? raw.direction
        : 'neither',
    ...(raw.note ? { note: raw.note } : {}),
  }));
}

const STRUCTURAL = toInfos(catalogue.structural.iqms as Record<string, RawIqm>);
const FUNCTIONAL = toInfos(catalogue.bold.iqms as Record<string, RawIqm>);
const BY_MODALITY: Record<Modality, readonly IqmInfo[]> = {
  T1w: STRUCTURAL,
  T2w: STRUCTURAL,
  bold: FUNCTIONAL,
};
const INDEX: Record<Modality, ReadonlyMap<string, IqmInfo>> = {
  T1w: new Map(STRUCTURAL.map((i) => [i.name, i])),
  T2w: new Map(STRUCTURAL.map((i) => [i.name, i])),
  bold: new Map(FUNCTIONAL.map((i) => [i.name, i])),
};

/** The IQMs of a modality, in the API schema's order. */
export function iqmsOf(modality: Modality): readonly IqmInfo[] {
  return BY_MODALITY[modality];
}

/**
 * One IQM's description, or undefined for a column that is not an IQM of the modality.
 *
 * @example
 * iqmInfo('T1w', 'cjv')?.direction // 'lower-better'
 */
export function iqmInfo(modality: Modality, name: string): IqmInfo | undefined {
  return INDEX[modality].get(name);
}

/** Descriptions of the non-IQM fields (`_id`, `_created`, `bids_meta`, `provenance`, …). */
export const NON_IQM_FIELDS: Readonly<Record<string, string>> = catalogue.non_iqm_fields;

/**
 * The IQMs the MRIQC Web API paper plots (Esteban et al. 2019, Fig. 3B): the default charts.
 */
export const PAPER_IQMS: Record<Modality, readonly string[]> = {
  T1w: ['cjv', 'cnr', 'snr_wm', 'fwhm_avg', 'wm2max'],
  T2w: ['cjv', 'cnr', 'snr_wm', 'fwhm_avg', 'wm2max'],
  bold: ['fd_mean', 'dvars_nstd', 'gcor', 'gsr_x', 'gsr_y', 'tsnr'],
};
