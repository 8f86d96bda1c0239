import { buildQuantile, type QuantileFn, sampleQuantile } from './quantile.ts';
import { type Rng, tent } from './random.ts';
import type { Modality, ReferenceData } from './reference-data.ts';

/**
 * How IQM values are drawn. Each IQM follows its real quantiles exactly (a uniform u fed to
 * its quantile function), and u comes from `tent(studyLatent + noise)`: uniform for every
 * record, yet records of one study stay alike and related IQMs move together, as in real
 * uploads where one scanner/protocol produces one kind of image.
 */
export interface IqmModel {
  readonly names: readonly string[];
  readonly quantiles: readonly QuantileFn[];
  /** 1 = keep whole (sizes, counts). */
  readonly integer: Uint8Array;
  /** Which latent each IQM follows. */
  readonly latentOf: Uint16Array;
  /** Extra per-IQM noise on top of its latent (0 = identical within a group). */
  readonly jitter: Float64Array;
  /** Record-to-record spread of each latent inside a study (0 = fixed per study). */
  readonly spread: Float64Array;
  readonly index: Readonly<Record<string, number>>;
  readonly rules: readonly Rule[];
}

/** Study-level facts some IQMs depend on. */
export interface IqmContext {
  /** bold: the protocol's RepetitionTime, which spacing_tr repeats. */
  repetitionTime: number | undefined;
  /** fber's empty-background sentinel for this MRIQC version: 0 up to 21.x, -1.0 later. */
  fberSentinel: number;
  /** MRIQC < 0.9.5 computed rpve_* without normalisation (values in the tens of thousands). */
  legacyRpve: boolean;
}

/** Share of records whose fber is the sentinel (real: 5 of 1519 T1w, 2 of 745 bold). */
const FBER_SENTINEL_SHARE = 0.004;
/** The pre-0.9.5 rpve formula gives roughly this many times the later values. */
const LEGACY_RPVE_FACTOR = 3400;

interface Grouping {
  latent: string;
  spread: number;
  jitter: number;
}

/** Acquisition geometry is one per study; intensity summaries of one tissue move together. */
function groupingFor(modality: Modality, name: string): Grouping {
  if (/^(size|spacing)_[xyz]$/.test(name)) {
    const inPlane = modality === 'bold' && /_[xy]$/.test(name);
    return { latent: inPlane ? name.replace(/_[xy]$/, '_xy') : name, spread: 0, jitter: 0 };
  }
  // Runs of different tasks differ in length.
  if (name === 'size_t') return { latent: name, spread: 0.1, jitter: 0 };
  if (/^fwhm_[xyz]$/.test(name)) return { latent: 'fwhm', spread: 0.3, jitter: 0.04 };
  // Tissue SNRs rise and fall together (their mean is snr_total / snrd_total).
  const snr = /^(snrd?)_(csf|gm|wm)$/.exec(name);
  if (snr) return { latent: snr[1] as string, spread: 0.3, jitter: 0.08 };
  // Intensity statistics scale together with the scanner's arbitrary units, and barely move
  // between records of one study (real bold fg medians of one site: 11784…11903).
  const summary = /^summary_(\w+?)_(mean|median|p05|p95|stdv|mad)$/.exec(name);
  if (summary) {
    const spreadOnly = summary[2] === 'stdv' || summary[2] === 'mad';
    return { latent: `summary_${summary[1]}`, spread: 0.1, jitter: spreadOnly ? 0.05 : 0.01 };
  }
  return { latent: name, spread: 0.3, jitter: 0 };
}

/**
 * The IQM model of one modality, from iqms.json's field list and field-stats' quantiles.
 *
 * @example
 * const model = buildIqmModel('T1w', loadReferenceData());
 * model.names.length // 68
 */
export function buildIqmModel(modality: Modality, ref: ReferenceData): IqmModel {
  const names = ref.iqms[modality].map((f) => f.name);
  const stats = ref.iqmStats[modality];
  const latents = new Map<string, number>();
  const spreads: number[] = [];
  const latentOf = new Uint16Array(names.length);
  const jitter = new Float64Array(names.length);
  const integer = new Uint8Array(names.length);
  const quantiles = names.map((name, i) => {
    const s = stats[name];
    if (!s) throw new Error(`field-stats.json has no ${modality} statistics for ${name}`);
    const g = groupingFor(modality, name);
    if (!latents.has(g.latent)) {
      latents.set(g.latent, spreads.length);
      spreads.push(g.spread);
    }
    latentOf[i] = latents.get(g.latent) as number;
    jitter[i] = g.jitter;
    const schemaInt = ref.iqms[modality][i]?.type === 'integer';
    integer[i] = s.integer_valued || schemaInt ? 1 : 0;
    return buildQuantile(s, { dropZeros: name === 'fber' });
  });
  const index = Object.fromEntries(names.map((n, i) => [n, i]));
  const rules = compileRules(index);
  return {
    names,
    quantiles,
    integer,
    latentOf,
    jitter,
    spread: Float64Array.from(spreads),
    index,
    rules,
  };
}

/**
 * Number of distinct latents (the size of a study's latent vector).
 *
 * @example
 * const latent = new Float64Array(latentCount(model)); // one uniform per latent, per study
 */
export function latentCount(model: IqmModel): number {
  return model.spread.length;
}

/**
 * Draws one record's IQMs into `out` (indexed like model.names), then applies the
 * cross-field rules real records obey (averages, sums, orderings, sentinels).
 *
 * @example
 * drawIqms(model, rng, study.latent, scratch, ctx, out);
 */
export function drawIqms(
  model: IqmModel,
  rng: Rng,
  studyLatent: Float64Array,
  scratch: Float64Array,
  ctx: IqmContext,
  out: Float64Array,
): void {
  for (let l = 0; l < scratch.length; l++) {
    const spread = model.spread[l] as number;
    scratch[l] = (studyLatent[l] as number) + (spread > 0 ? spread * (2 * rng.next() - 1) : 0);
  }
  for (let i = 0; i < out.length; i++) {
    const j = model.jitter[i] as number;
    const v =
      (scratch[model.latentOf[i] as number] as number) + (j > 0 ? j * (2 * rng.next() - 1) : 0);
    const x = sampleQuantile(model.quantiles[i] as QuantileFn, tent(v));
    out[i] = model.integer[i] === 1 ? Math.round(x) : x;
  }
  for (const rule of model.rules) rule(out, ctx);
  const fber = model.index.fber;
  if (fber !== undefined && rng.chance(FBER_SENTINEL_SHARE)) out[fber] = ctx.fberSentinel;
}

type Rule = (out: Float64Array, ctx: IqmContext) => void;

type Lookup = (...names: string[]) => (number | undefined)[];

function all(ids: (number | undefined)[]): ids is number[] {
  return ids.every((i) => i !== undefined);
}

/** Cross-field rules of real records, compiled once per model with their column indices. */
function compileRules(index: Readonly<Record<string, number>>): Rule[] {
  const at: Lookup = (...names) => names.map((n) => index[n]);
  return [...derivedRules(at), ...structuralRules(at), ...functionalRules(at)];
}

/** Averages MRIQC reports, and the order of each tissue's percentiles. */
function derivedRules(at: Lookup): Rule[] {
  const rules: Rule[] = [];
  const mean = (target: string, parts: string[]) => {
    const [t, ...p] = at(target, ...parts);
    if (t === undefined || !all(p)) return;
    rules.push((out) => {
      let sum = 0;
      for (const i of p) sum += out[i] as number;
      out[t] = sum / p.length;
    });
  };
  mean('fwhm_avg', ['fwhm_x', 'fwhm_y', 'fwhm_z']);
  mean('snr_total', ['snr_csf', 'snr_gm', 'snr_wm']);
  mean('snrd_total', ['snrd_csf', 'snrd_gm', 'snrd_wm']);
  for (const tissue of ['bg', 'fg', 'csf', 'gm', 'wm']) {
    const ids = at(`summary_${tissue}_p05`, `summary_${tissue}_median`, `summary_${tissue}_p95`);
    if (all(ids)) rules.push((out) => sortInPlace(out, ids));
  }
  // Voxel sizes come from the NIfTI header, which stores float32.
  const spacing = at('spacing_x', 'spacing_y', 'spacing_z').filter((i) => i !== undefined);
  rules.push((out) => {
    for (const i of spacing) out[i] = Math.fround(out[i] as number);
  });
  return rules;
}

function structuralRules(at: Lookup): Rule[] {
  const rules: Rule[] = [];
  const icvs = at('icvs_csf', 'icvs_gm', 'icvs_wm');
  // Intracranial volume fractions sum to 1.
  if (all(icvs)) {
    rules.push((out) => scale(out, icvs, 1 / icvs.reduce((s, i) => s + (out[i] as number), 0)));
  }
  const rpve = at('rpve_csf', 'rpve_gm', 'rpve_wm');
  if (all(rpve)) {
    rules.push((out, ctx) => {
      if (ctx.legacyRpve) scale(out, rpve, LEGACY_RPVE_FACTOR);
    });
  }
  return rules;
}

function functionalRules(at: Lookup): Rule[] {
  const rules: Rule[] = [];
  const [tr] = at('spacing_tr');
  if (tr !== undefined) {
    rules.push((out, ctx) => {
      if (ctx.repetitionTime !== undefined) out[tr] = ctx.repetitionTime;
    });
  }
  const fd = at('fd_num', 'fd_perc', 'size_t');
  if (all(fd)) {
    const [fdNum, fdPerc, sizeT] = fd as [number, number, number];
    // fd_perc is fd_num as a percentage of the volumes.
    rules.push((out) => {
      const volumes = Math.max(1, out[sizeT] as number);
      const outliers = Math.min(volumes, Math.round(((out[fdPerc] as number) * volumes) / 100));
      out[fdNum] = outliers;
      out[fdPerc] = (outliers * 100) / volumes;
    });
  }
  return rules;
}

function scale(out: Float64Array, ids: readonly number[], factor: number): void {
  for (const i of ids) out[i] = (out[i] as number) * factor;
}

/** p05 ≤ median ≤ p95 within one tissue: shared latents make violations rare; sort the rest. */
function sortInPlace(out: Float64Array, ids: readonly number[]): void {
  const [a, b, c] = ids as [number, number, number];
  let x = out[a] as number;
  let y = out[b] as number;
  let z = out[c] as number;
  if (x > y) [x, y] = [y, x];
  if (y > z) [y, z] = [z, y];
  if (x > y) [x, y] = [y, x];
  out[a] = x;
  out[b] = y;
  out[c] = z;
}
