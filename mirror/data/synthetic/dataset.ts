import { createCollection, overlayCollection } from '../collection.ts';
import type { Database } from '../types.ts';
import { type GenerateEnv, generateStore } from './generate-records.ts';
import { LabelHashes } from './label-hashes.ts';
import { loadReferenceData, type Modality } from './reference-data.ts';
import { SiteCatalog } from './site-catalog.ts';
import { VersionModel } from './version-model.ts';

export interface GenerateOptions {
  /** Records per modality; a missing modality is an empty collection. */
  records: Partial<Record<Modality, number>>;
  seed: number;
}

/**
 * A synthetic database shaped like the MRIQC Web API's: T1w, T2w and bold records whose IQMs
 * follow the real distributions, with real-looking bids_meta/provenance quirks and ~25 % of
 * records in md5sum duplicate groups; `rating` and `nipype_telemetry` start empty. The same
 * seed gives byte-identical documents, and each modality has its own random stream, so
 * changing the bold count leaves the T1w records as they were.
 *
 * @example
 * const db = generateDatabase({ records: { T1w: 20_000, bold: 20_000 }, seed: 42 });
 * db.T1w.size // 20000
 * db.T1w.docAt(0).provenance // { md5sum: '…', settings: { testing: false }, software: 'mriqc', version: '0.8.9-1' }
 */
export function generateDatabase(opts: GenerateOptions): Database {
  const seed = String(opts.seed);
  const ref = loadReferenceData();
  const env: GenerateEnv = {
    seed,
    ref,
    sites: new SiteCatalog(seed),
    versions: new VersionModel(ref.versionTags),
    labels: new LabelHashes(),
  };
  const generated = (modality: Modality) =>
    overlayCollection(modality, generateStore(modality, opts.records[modality] ?? 0, env));
  return {
    T1w: generated('T1w'),
    T2w: generated('T2w'),
    bold: generated('bold'),
    rating: createCollection('rating'),
    nipype_telemetry: createCollection('nipype_telemetry'),
  };
}
