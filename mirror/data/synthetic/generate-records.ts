import { SCHEMAS } from '../schema.ts';
import { GeneratedStore } from './generated-store.ts';
import { buildIqmModel, drawIqms, type IqmModel } from './iqm-model.ts';
import type { LabelHashes } from './label-hashes.ts';
import { Rng } from './random.ts';
import type { Modality, ReferenceData } from './reference-data.ts';
import type { SiteCatalog } from './site-catalog.ts';
import { COPY_JITTER, createStudy, type Study } from './study.ts';
import type { VersionModel } from './version-model.ts';

/** What all modalities of one database share (so sites and subject hashes agree across them). */
export interface GenerateEnv {
  seed: string;
  ref: ReferenceData;
  sites: SiteCatalog;
  versions: VersionModel;
  labels: LabelHashes;
}

/** Share of records that belong to an md5sum group of 2–3 uploads (real raw pages: 24 %). */
const DUPLICATE_SHARE = 0.25;
/** Groups are of 2 or 3 copies, equally likely: mean size 2.5. */
const MEAN_GROUP = 2.5;
/** Chance that a distinct content is uploaded more than once, solving share = q·g / (1 + q(g−1)). */
const REUPLOAD_CHANCE = DUPLICATE_SHARE / (MEAN_GROUP - DUPLICATE_SHARE * (MEAN_GROUP - 1));
/** ObjectId counters are 24 bits; beyond this many rows they would wrap inside one second. */
const MAX_ROWS = 2 ** 24 - 1;
/** Row sort packs (second, row) into one float64 up to this many rows. */
const PACKED_SORT_ROWS = 2 ** 22;

interface Plan {
  slotStudy: Uint32Array;
  slotRecord: Uint32Array;
  slotCopies: Uint8Array;
  studySizes: number[];
  slots: number;
}

/**
 * Generates `count` records of one modality into a compact store.
 *
 * @example
 * const store = generateStore('T1w', 20_000, env);
 * store.size // 20000
 */
export function generateStore(modality: Modality, count: number, env: GenerateEnv): GeneratedStore {
  if (!Number.isInteger(count) || count < 0 || count > MAX_ROWS) {
    throw new RangeError(
      `${modality}: record count must be an integer in 0…${MAX_ROWS}, got ${count}`,
    );
  }
  const rng = new Rng(`${env.seed}/${modality}`);
  const model = buildIqmModel(modality, env.ref);
  const plan = planRecords(rng, count);
  const studyEnv = { modality, iqm: model, boldStats: env.ref.boldBidsMeta, ...env };
  const studies = plan.studySizes.map((size) => createStudy(rng, size, studyEnv));
  const target = fillTarget(plan, studies, model, originalTimes(rng, plan, studies), count);
  fillSlots(rng, target);
  sortRows(target.rowSec, target.rowSlot);
  const { rowSec, rowSlot, slotStudy, slotRecord, md5, iqms } = target;
  return new GeneratedStore({
    rowSec,
    rowSlot,
    slotStudy,
    slotRecord,
    md5,
    iqmNames: model.names,
    doubleIqms: new Set(model.names.filter((name) => SCHEMAS[modality][name]?.type === 'float')),
    iqms,
    studies,
    labels: env.labels,
    counterStart: rng.int(MAX_ROWS + 1 - count),
    seedWord: rng.uint32(),
  });
}

/** Lays out studies and re-upload counts until exactly `count` rows are planned. */
function planRecords(rng: Rng, count: number): Plan {
  const slotStudy = new Uint32Array(count);
  const slotRecord = new Uint32Array(count);
  const slotCopies = new Uint8Array(count);
  const studySizes: number[] = [];
  let rows = 0;
  let slots = 0;
  while (rows < count) {
    const wanted = studySize(rng);
    let size = 0;
    while (size < wanted && rows < count) {
      const copies = rng.chance(REUPLOAD_CHANCE) ? (rng.chance(0.5) ? 1 : 2) : 0;
      slotCopies[slots] = Math.min(copies, count - rows - 1);
      slotStudy[slots] = studySizes.length;
      slotRecord[slots] = size;
      rows += 1 + (slotCopies[slots] as number);
      slots++;
      size++;
    }
    studySizes.push(size);
  }
  return { slotStudy, slotRecord, slotCopies, studySizes, slots };
}

/** Records per study: log-normal, median 20, capped so no single study dominates. */
function studySize(rng: Rng): number {
  return Math.max(1, Math.min(1000, Math.round(Math.exp(Math.log(20) + 1.1 * rng.normal()))));
}

/** Creation second of each planned content's first upload. */
function originalTimes(rng: Rng, plan: Plan, studies: Study[]): Uint32Array {
  const secs = new Uint32Array(plan.slots);
  for (let slot = 0; slot < plan.slots; slot++) {
    const study = studies[plan.slotStudy[slot] as number] as Study;
    secs[slot] = study.start + Math.floor(rng.next() * study.span);
  }
  return secs;
}

function fillTarget(
  plan: Plan,
  studies: Study[],
  model: IqmModel,
  slotSec: Uint32Array,
  count: number,
): FillTarget {
  return {
    plan,
    studies,
    model,
    // Content is laid out in upload order, so a page of consecutive rows reads nearby memory.
    byTime: orderBySecond(slotSec),
    slotSec,
    iqms: new Float64Array(plan.slots * model.names.length),
    md5: new Uint32Array(plan.slots * 4),
    slotStudy: new Uint32Array(plan.slots),
    slotRecord: new Uint32Array(plan.slots),
    rowSec: new Uint32Array(count),
    rowSlot: new Uint32Array(count),
  };
}

interface FillTarget {
  plan: Plan;
  studies: Study[];
  model: IqmModel;
  /** Planned slots in order of their first upload; rank k becomes stored slot k. */
  byTime: Uint32Array;
  slotSec: Uint32Array;
  iqms: Float64Array;
  md5: Uint32Array;
  slotStudy: Uint32Array;
  slotRecord: Uint32Array;
  rowSec: Uint32Array;
  rowSlot: Uint32Array;
}

/** Draws each content in upload order, and writes one row per upload (original + copies). */
function fillSlots(rng: Rng, t: FillTarget): void {
  const scratch = new Float64Array(t.model.spread.length);
  const width = t.model.names.length;
  let row = 0;
  for (let slot = 0; slot < t.plan.slots; slot++) {
    const planned = t.byTime[slot] as number;
    const study = t.studies[t.plan.slotStudy[planned] as number] as Study;
    t.slotStudy[slot] = t.plan.slotStudy[planned] as number;
    t.slotRecord[slot] = t.plan.slotRecord[planned] as number;
    drawIqms(
      t.model,
      rng,
      study.latent,
      scratch,
      study.iqm,
      t.iqms.subarray(slot * width, slot * width + width),
    );
    for (let w = 0; w < 4; w++) t.md5[slot * 4 + w] = rng.uint32();
    const created = t.slotSec[planned] as number;
    t.rowSec[row] = created;
    t.rowSlot[row++] = slot;
    for (let c = 0; c < (t.plan.slotCopies[planned] as number); c++) {
      t.rowSec[row] = created + (study.delays[c] as number) + Math.floor(rng.next() * COPY_JITTER);
      t.rowSlot[row++] = slot;
    }
  }
}

/** Indices of `secs` sorted by value; ties keep index order. */
function orderBySecond(secs: Uint32Array): Uint32Array {
  const n = secs.length;
  const order = new Uint32Array(n);
  if (n <= PACKED_SORT_ROWS) {
    // One native numeric sort of (second · 2^22 + index) beats a comparator sort several-fold.
    const keys = new Float64Array(n);
    for (let r = 0; r < n; r++) keys[r] = (secs[r] as number) * PACKED_SORT_ROWS + r;
    keys.sort();
    for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % PACKED_SORT_ROWS;
  } else {
    for (let r = 0; r < n; r++) order[r] = r;
    order.sort((a, b) => (secs[a] as number) - (secs[b] as number) || a - b);
  }
  return order;
}

/** Sorts rows by creation second; ties keep generation order (ids then ascend with counters). */
function sortRows(rowSec: Uint32Array, rowSlot: Uint32Array): void {
  const order = orderBySecond(rowSec);
  const sec = Uint32Array.from(order, (r) => rowSec[r] as number);
  const slot = Uint32Array.from(order, (r) => rowSlot[r] as number);
  rowSec.set(sec);
  rowSlot.set(slot);
}
