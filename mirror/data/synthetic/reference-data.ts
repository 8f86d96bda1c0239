import { readFileSync } from 'node:fs';
import type { IqmStats } from './quantile.ts';

/**
 * The real-data summaries the generator is shaped by, read from inside the project (never
 * from ../shared): field statistics (mirror/fixtures), the IQM schema list and the MRIQC
 * version tags (src/data). Parsed once per process.
 */

export type Modality = 'T1w' | 'T2w' | 'bold';

export interface IqmField {
  name: string;
  /** Eve schema type: 'float' or 'integer'. */
  type: string;
  required: boolean;
}

/** One bids_meta / provenance key as field-stats.json summarises it. */
export interface KeyStats {
  fraction_present: number;
  top_values?: [unknown, number][];
}

export interface VersionTag {
  tag: string;
  kind: string;
  date: string;
}

export interface ReferenceData {
  /** Schema IQMs per modality, in schema order. */
  iqms: Record<Modality, IqmField[]>;
  /** Per-IQM statistics per modality (T2w reuses T1w: no T2w sample exists). */
  iqmStats: Record<Modality, Record<string, IqmStats>>;
  /** bids_meta key statistics of the real bold API records (the only API sample). */
  boldBidsMeta: Record<string, KeyStats>;
  versionTags: VersionTag[];
}

interface IqmsJson {
  structural: {
    iqms: Record<string, { api_schema_type: string; required_by_api_schema: boolean }>;
  };
  bold: { iqms: Record<string, { api_schema_type: string; required_by_api_schema: boolean }> };
}

interface FieldStatsJson {
  T1w: { iqm_stats: { pooled_all_sources: Record<string, IqmStats> } };
  bold: {
    iqm_stats: { api_records: Record<string, IqmStats> };
    bids_meta: { api_records: Record<string, KeyStats> };
  };
}

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as T;
}

function fieldList(iqms: IqmsJson['bold']['iqms']): IqmField[] {
  return Object.entries(iqms).map(([name, f]) => ({
    name,
    type: f.api_schema_type,
    required: f.required_by_api_schema,
  }));
}

let cached: ReferenceData | undefined;

/**
 * The parsed reference data (cached).
 *
 * @example
 * const ref = loadReferenceData();
 * ref.iqms.T1w.length // 68
 * ref.iqmStats.bold.fber.median // 2672.375
 */
export function loadReferenceData(): ReferenceData {
  if (cached) return cached;
  const iqms = readJson<IqmsJson>('../../../src/data/iqms.json');
  const stats = readJson<FieldStatsJson>('../../fixtures/field-stats.json');
  const versions = readJson<{ tags: VersionTag[] }>('../../../src/data/versions.json');
  const structural = fieldList(iqms.structural.iqms);
  const t1wStats = stats.T1w.iqm_stats.pooled_all_sources;
  cached = {
    iqms: { T1w: structural, T2w: structural, bold: fieldList(iqms.bold.iqms) },
    iqmStats: { T1w: t1wStats, T2w: t1wStats, bold: stats.bold.iqm_stats.api_records },
    boldBidsMeta: stats.bold.bids_meta.api_records,
    versionTags: versions.tags,
  };
  return cached;
}
