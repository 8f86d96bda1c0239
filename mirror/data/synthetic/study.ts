import { type Double, storedDouble } from '../double.ts';
import { type IqmContext, type IqmModel, latentCount } from './iqm-model.ts';
import type { LabelHashes } from './label-hashes.ts';
import type { Rng } from './random.ts';
import { SUBJECT_STYLES } from './record-shape.ts';
import type { KeyStats, Modality } from './reference-data.ts';
import type { SiteCatalog } from './site-catalog.ts';
import { type BidsPlan, planBids } from './study-bids.ts';
import type { VersionModel } from './version-model.ts';

/**
 * A study: one batch of uploads by one lab — one scanner, protocol, MRIQC version and
 * settings, several subjects × sessions × tasks × runs, uploaded over hours to days, and
 * sometimes uploaded again (the md5sum duplicates of real data come in such batches).
 */
export interface Study {
  /** Upload window: records are created in [start, start + span] (Unix seconds). */
  start: number;
  span: number;
  /** Re-upload delays of copy 1 and copy 2 after each original (seconds). */
  delays: [number, number];
  version: string;
  bids: BidsPlan;
  settings: Readonly<Record<string, number | boolean | Double>> | undefined;
  mriqcPred: number | undefined;
  /** LabelHashes codes of the study's subjects. */
  subjects: Uint32Array;
  sessionHashes: string[] | undefined;
  /** Records per subject: sessions × tasks × runs. */
  perSubject: number;
  latent: Float64Array;
  iqm: IqmContext;
}

export interface StudyEnv {
  modality: Modality;
  sites: SiteCatalog;
  versions: VersionModel;
  labels: LabelHashes;
  iqm: IqmModel;
  boldStats: Record<string, KeyStats>;
}

/** The dataset's time range: first upload 2017-01-01, last before 2026-11-01. */
export const FIRST_UPLOAD = Date.UTC(2017, 0, 1) / 1000;
export const LAST_UPLOAD = Date.UTC(2026, 10, 1) / 1000;

const HOUR = 3600;
const DAY = 24 * HOUR;
const MAX_SPAN = 10 * DAY;
const MAX_DELAY = 7 * DAY;
/** Jitter of a re-uploaded copy around its batch delay. */
export const COPY_JITTER = 600;
/** Studies start early enough for every record and re-upload to land before LAST_UPLOAD. */
const LATEST_START = LAST_UPLOAD - MAX_SPAN - 2 * MAX_DELAY - COPY_JITTER - 1;
/** Uploads grow over time: density ∝ 1 + GROWTH·x over the range (4× more at the end). */
const GROWTH = 3;
const FBER_MINUS_ONE_SINCE = Date.UTC(2022, 4, 3) / 1000;
const RPVE_FIX = Date.UTC(2017, 4, 23) / 1000;

/**
 * Creates the study of `size` records.
 *
 * @example
 * const study = createStudy(rng, 40, env);
 * study.version // e.g. '0.16.1'
 */
export function createStudy(rng: Rng, size: number, env: StudyEnv): Study {
  const start = studyStart(rng);
  const { version, released } = env.versions.pick(rng, start);
  const site = env.sites.pick(rng);
  const rich = rng.chance(richShare(start));
  const bids = planBids(rng, {
    modality: env.modality,
    site,
    rich,
    at: start,
    released,
    boldStats: env.boldStats,
  });
  const perSubject =
    (bids.sessions?.length ?? 1) * (bids.tasks?.length ?? 1) * (bids.runs?.length ?? 1);
  const labels = subjectLabels(rng, Math.ceil(size / perSubject));
  const latent = new Float64Array(latentCount(env.iqm));
  for (let i = 0; i < latent.length; i++) latent[i] = rng.next();
  return {
    start,
    span: Math.min(MAX_SPAN, size * 300 * (0.5 + rng.next())),
    delays: reuploadDelays(rng),
    version,
    bids,
    settings: pickSettings(rng, env.modality),
    mriqcPred: mriqcPred(rng, env.modality, released),
    subjects: Uint32Array.from(labels, (label) => env.labels.code(label)),
    sessionHashes: bids.sessions?.map((label) => env.labels.hash(env.labels.code(label))),
    perSubject,
    latent,
    iqm: {
      repetitionTime: bids.repetitionTime,
      fberSentinel: released >= FBER_MINUS_ONE_SINCE ? -1 : 0,
      legacyRpve: env.modality !== 'bold' && released < RPVE_FIX,
    },
  };
}

/** The classifier's prediction: only early structural uploads carry it (as the 2017 payloads). */
function mriqcPred(rng: Rng, modality: Modality, released: number): number | undefined {
  if (modality === 'bold' || released >= Date.UTC(2018, 0, 1) / 1000 || !rng.chance(0.5))
    return undefined;
  return rng.chance(0.85) ? 0 : 1;
}

/** Inverse CDF of the linear growth density, so later years get more uploads. */
function studyStart(rng: Rng): number {
  const x = (-1 + Math.sqrt(1 + GROWTH * (GROWTH + 2) * rng.next())) / GROWTH;
  return Math.floor(FIRST_UPLOAD + x * (LATEST_START - FIRST_UPLOAD));
}

/** dcm2niix sidecars with scanner keys became the norm after 2017 (all 2017 samples are lean). */
function richShare(at: number): number {
  if (at < Date.UTC(2018, 0, 1) / 1000) return 0.2;
  if (at < Date.UTC(2020, 0, 1) / 1000) return 0.75;
  return 0.92;
}

/** Re-uploads come hours to days later (real: 2017-08-07, then 08-08 and 08-10). */
function reuploadDelays(rng: Rng): [number, number] {
  const first = Math.min(MAX_DELAY, HOUR + rng.exponential(1.5 * DAY));
  return [
    Math.floor(first),
    Math.floor(first + Math.min(MAX_DELAY, HOUR + rng.exponential(1.5 * DAY))),
  ];
}

function subjectLabels(rng: Rng, count: number): string[] {
  const style = rng.weighted(SUBJECT_STYLES);
  const from = rng.chance(0.8) ? 1 : 1 + rng.int(300);
  const base = 10000 + rng.int(80000);
  const prefix = Array.from({ length: 3 }, () => String.fromCharCode(65 + rng.int(26))).join('');
  return Array.from({ length: count }, (_, j) => {
    const n = from + j;
    switch (style) {
      case 'plain':
        return String(n);
      case 'pad2':
        return String(n).padStart(2, '0');
      case 'pad3':
        return String(n).padStart(3, '0');
      case 'pad4':
        return String(n).padStart(4, '0');
      case 'large':
        return String(base + j);
      default:
        return `${prefix}${String(n).padStart(4, '0')}`;
    }
  });
}

/** provenance.settings key-sets at their real rates (bold); structural uploads carry {testing}. */
function pickSettings(
  rng: Rng,
  modality: Modality,
): Record<string, number | boolean | Double> | undefined {
  if (modality !== 'bold') return { testing: false };
  const keys: readonly string[] = rng.weighted<readonly string[]>([
    [['fd_thres', 'testing'], 425],
    [['fd_thres', 'hmc_fsl'], 282],
    [['fd_thres', 'hmc_fsl', 'testing'], 38],
  ]);
  const settings: Record<string, number | boolean | Double> = {};
  // A float in the schema: 1 is uploaded as 1.0.
  settings.fd_thres = storedDouble(
    rng.weighted([
      [0.2, 600],
      [0.5, 100],
      [0.3, 25],
      [1, 20],
    ] as const),
  );
  if (keys.includes('hmc_fsl')) settings.hmc_fsl = rng.chance(0.01);
  if (keys.includes('testing')) settings.testing = false;
  return settings;
}
