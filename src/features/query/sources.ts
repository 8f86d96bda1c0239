import { normalizeApiBase } from '../../api/eve-url.ts';
import type { QueryDefaults } from '../../api/explorer-query.ts';

export const PUBLIC_API = 'https://mriqc.nimh.nih.gov/api/v1';
/** Set at build time (e2e points it at its own mirror port); `npm start` runs the mirror on 5174. */
export const MIRROR_API = normalizeApiBase(
  import.meta.env.VITE_MIRROR_URL || 'http://127.0.0.1:5174/api/v1',
);

export type SourceKind = 'public' | 'mirror' | 'custom';

export interface SourceInfo {
  base: string;
  kind: SourceKind;
  /** How the source is named in sentences: "the public MRIQC Web API". */
  name: string;
  /** A short label for lists: "Public MRIQC Web API". */
  short: string;
  /** The text of its option in the "Data source" selector. */
  option: string;
}

/** The public API is the default: it holds the real uploads; the app offers the mirror when it is down. */
export const QUERY_DEFAULTS: QueryDefaults = {
  source: PUBLIC_API,
  modality: 'T1w',
  software: 'mriqc',
};

/**
 * @example describeSource(MIRROR_API).name // 'the local mirror'
 */
export function describeSource(base: string): SourceInfo {
  const normalized = normalizeApiBase(base);
  if (normalized === PUBLIC_API) {
    return {
      base: normalized,
      kind: 'public',
      name: 'the public MRIQC Web API',
      short: 'Public MRIQC Web API',
      option: 'Public MRIQC Web API — real uploads (mriqc.nimh.nih.gov)',
    };
  }
  if (normalized === MIRROR_API) {
    return {
      base: normalized,
      kind: 'mirror',
      name: 'the local mirror',
      short: 'Local mirror',
      option: `Local mirror — synthetic demo data (${hostOf(normalized)})`,
    };
  }
  return {
    base: normalized,
    kind: 'custom',
    name: `the API at ${normalized}`,
    short: hostOf(normalized),
    option: `Other: ${normalized}`,
  };
}

/** Sources to offer and probe: the two known ones, plus the URL's own if it names another. */
export function listSources(selected: string): SourceInfo[] {
  const bases = [...new Set([PUBLIC_API, MIRROR_API, normalizeApiBase(selected)])];
  return bases.map(describeSource);
}

function hostOf(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
}
