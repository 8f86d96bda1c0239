import type { ObjectId } from './object-id.ts';

/** The collections the MRIQC Web API serves (routes are case-sensitive). */
export const RESOURCES = [
  'bold',
  'T1w',
  'T2w',
  'nipype_telemetry',
  'rating',
  'rating_counts',
] as const;
export type ResourceName = (typeof RESOURCES)[number];
/** Resources that hold documents (rating_counts is a read-only aggregation over `rating`). */
export type StoredResource = Exclude<ResourceName, 'rating_counts'>;
export const STORED_RESOURCES: readonly StoredResource[] = [
  'bold',
  'T1w',
  'T2w',
  'nipype_telemetry',
  'rating',
];

/**
 * A document as the mirror holds it: dates are Dates and `_id` an ObjectId, never their
 * RFC-1123 / hex text, so that sorting and range filters behave like MongoDB's.
 */
export interface StoredDoc {
  _id: ObjectId;
  _created: Date;
  _updated: Date;
  _etag: string;
  [field: string]: unknown;
}

/**
 * One collection. Natural order (what a GET without `sort` returns) is ascending `_id`,
 * which Eve's docs call equivalent to insertion order for this data.
 */
export interface Collection {
  readonly name: StoredResource;
  /** Incremented by every insert, so query caches can key on it. */
  readonly version: number;
  readonly size: number;
  /** The document at natural position i. Callers must not mutate it. */
  docAt(i: number): StoredDoc;
  /** `_id` at position i as 24 lowercase hex, without building the document. */
  idAt(i: number): string;
  /** First position whose `_id` hex is >= `hex` (size when none). */
  lowerBound(hex: string): number;
  /** Adds documents; each `_id` must be new. Keeps ascending `_id` order. */
  insert(docs: StoredDoc[]): void;
}

export type Database = Record<StoredResource, Collection>;
