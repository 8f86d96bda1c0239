import { lowerBoundBy, type SortedDocs } from '../collection.ts';
import { ObjectId } from '../object-id.ts';
import type { StoredDoc } from '../types.ts';
import { derivedHex, hex24, hex32, wordsHex } from './hex.ts';
import type { LabelHashes } from './label-hashes.ts';
import { type DocumentBuilder, documentBuilder } from './object-builder.ts';
import { mix32 } from './random.ts';
import type { Study } from './study.ts';

/**
 * The columns of one generated collection. A million plain documents of ~120 fields would
 * take several GB; here a record is a few typed-array cells, and `docAt` builds the document
 * on demand. Rows are in `_id` order; a "slot" is one distinct content, shared by a record
 * and its re-uploads (which differ only in `_id`, `_created`, `_updated`, `_etag`).
 */
export interface GeneratedColumns {
  /** Per row: creation second (also the first 4 bytes of `_id`), non-decreasing. */
  rowSec: Uint32Array;
  /** Per row: its content slot. */
  rowSlot: Uint32Array;
  /** Per slot: its study, and its index inside the study (→ subject, session, task, run). */
  slotStudy: Uint32Array;
  slotRecord: Uint32Array;
  /** Per slot: provenance.md5sum as 4 words. */
  md5: Uint32Array;
  /** IQM names in stored order. */
  iqmNames: readonly string[];
  /** The IQMs the schema types as floats: uploads store them as doubles, whole or not. */
  doubleIqms: ReadonlySet<string>;
  /**
   * IQM values, slot-major: slot s holds [s·n, s·n + n). One record's values share a few
   * cache lines, so building a document costs ~9 cache misses instead of one per IQM.
   */
  iqms: Float64Array;
  studies: readonly Study[];
  labels: LabelHashes;
  /** 24-bit ObjectId counter of row 0 (rows count up from it). */
  counterStart: number;
  /** Seed word for the parts derived on demand (ObjectId machine/process bytes, etags). */
  seedWord: number;
}

/** Keys after `_id` and the IQMs, in the order MongoDB holds uploaded documents. */
const DOC_TAIL = ['bids_meta', 'provenance', '_created', '_updated', '_etag'];

/** ObjectId bytes 5–9 (machine + process) change when the server is restarted or moved. */
const PROCESS_ERA = 90 * 86_400;
const MACHINE_ERA = 3 * 365 * 86_400;

/**
 * Sorted, read-only access to generated records.
 *
 * @example
 * const store = new GeneratedStore(columns);
 * store.idAt(0)  // '5868d3a1…' (no document built)
 * store.docAt(0) // { _id, cjv, …, bids_meta, provenance, _created, _updated, _etag }
 */
export class GeneratedStore implements SortedDocs {
  private readonly processHex = new Map<number, string>();
  private readonly build: DocumentBuilder;
  /** Scratch for the keys after the IQMs (reused: the builder copies values out). */
  private readonly tail: unknown[] = [];

  constructor(private readonly c: GeneratedColumns) {
    this.build = documentBuilder(c.iqmNames, DOC_TAIL, c.doubleIqms);
  }

  get size(): number {
    return this.c.rowSec.length;
  }

  idAt(i: number): string {
    this.check(i);
    const sec = this.c.rowSec[i] as number;
    return hex32(sec) + this.processPart(sec) + hex24(this.c.counterStart + i);
  }

  lowerBound(hex: string): number {
    return lowerBoundBy(this.size, (i) => this.idAt(i), hex);
  }

  docAt(i: number): StoredDoc {
    const c = this.c;
    const id = new ObjectId(this.idAt(i)); // idAt checks the range
    const slot = c.rowSlot[i] as number;
    const study = c.studies[c.slotStudy[slot] as number] as Study;
    const ms = (c.rowSec[i] as number) * 1000;
    const tail = this.tail;
    tail[0] = this.bidsMeta(study, c.slotRecord[slot] as number);
    tail[1] = provenance(study, wordsHex(c.md5, slot * 4, 4));
    tail[2] = new Date(ms);
    tail[3] = new Date(ms);
    tail[4] = derivedHex(c.seedWord, c.counterStart + i, 5);
    return this.build(id, c.iqms, slot * c.iqmNames.length, tail) as StoredDoc;
  }

  private bidsMeta(study: Study, record: number): Record<string, unknown> {
    const plan = study.bids;
    const subject = this.c.labels.hash(
      study.subjects[Math.floor(record / study.perSubject)] as number,
    );
    let combo = record % study.perSubject;
    const runCount = plan.runs?.length ?? 1;
    const run = combo % runCount;
    combo = (combo - run) / runCount;
    const taskCount = plan.tasks?.length ?? 1;
    const task = combo % taskCount;
    const pair = plan.tasks?.[task];
    return plan.build(
      plan.values,
      subject,
      study.sessionHashes?.[(combo - task) / taskCount],
      plan.runs?.[run],
      pair?.[0],
      pair?.[1],
      plan.protocolNames?.[task * runCount + run],
    );
  }

  private processPart(sec: number): string {
    const era = Math.floor(sec / PROCESS_ERA);
    let hex = this.processHex.get(era);
    if (hex === undefined) {
      // From the era (not `sec`) so the cached value never depends on which id asked first.
      const machineEra = Math.floor((era * PROCESS_ERA) / MACHINE_ERA);
      const machine = hex32(mix32(this.c.seedWord ^ machineEra)).slice(0, 6);
      hex = machine + hex32(mix32(this.c.seedWord + era)).slice(4);
      this.processHex.set(era, hex);
    }
    return hex;
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.size && Number.isInteger(i))) {
      throw new RangeError(`no generated record at ${i} (size ${this.size})`);
    }
  }
}

/** provenance as uploads store it (keys sorted, like the real POST payloads). */
function provenance(study: Study, md5sum: string): Record<string, unknown> {
  const out: Record<string, unknown> = { md5sum };
  if (study.mriqcPred !== undefined) out.mriqc_pred = study.mriqcPred;
  if (study.settings) out.settings = { ...study.settings };
  out.software = 'mriqc';
  out.version = study.version;
  return out;
}
