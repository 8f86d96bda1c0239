import { hex32 } from './hex.ts';
import type { Rng } from './random.ts';
import type { VersionTag } from './reference-data.ts';

/** A version as a record carries it, with the release date of the tag it stems from. */
export interface VersionPick {
  version: string;
  /** Unix seconds of the underlying tag (drives version-dependent quirks such as fber's sentinel). */
  released: number;
}

/**
 * How often users run each kind of tag. Finals dominate; release candidates do get uploaded
 * (0.15.2rc1 and 21.0.0rc2 are in the real 2021 sample), just less.
 */
const KIND_WEIGHT: Record<string, number> = { final: 1, 'post-release': 0.3, 'pre-release': 0.06 };
/** Hotfix-suffixed finals ("0.9.0-1") are rarer than plain finals. */
const SUFFIXED_FINAL_WEIGHT = 0.5;
/** Users lag behind releases: a tag's weight halves roughly every 9 months after it appears. */
const AGE_SCALE_DAYS = 400;
/** Share of studies whose version string is odd: dev builds, bare SHAs, placeholders. */
const ODD_VERSION_SHARE = 0.015;
/** The commit SHA the real 2017 test payloads carry as their version. */
const KNOWN_SHA = '4ec19cb174cd4ea799d9cecc5e6f6d3b2d1cd9fe';

/** Uploading to the Web API arrived with the 0.9 series; older tags never reached it. */
const FIRST_UPLOADING_TAG = Date.UTC(2016, 10, 1) / 1000;
/** Tags older than this at upload time are no longer in use. */
const MAX_AGE_DAYS = 3 * 365;
const DAY = 86_400;
const MONTH = 30 * DAY;

interface MonthTable {
  cumulative: Float64Array;
  tags: number[];
}

/**
 * Picks the MRIQC version a study uploaded at a given time ran: one of the tags released
 * before then, recent ones favoured, with a small share of odd strings.
 *
 * @example
 * const versions = new VersionModel(loadReferenceData().versionTags);
 * versions.pick(rng, Date.UTC(2021, 5, 1) / 1000).version // e.g. '0.16.1'
 */
export class VersionModel {
  private readonly tags: { tag: string; weight: number; released: number }[];
  private readonly months = new Map<number, MonthTable>();

  constructor(tags: readonly VersionTag[]) {
    this.tags = tags.map((t) => ({
      tag: t.tag,
      weight: KIND_WEIGHT[t.kind] ?? (t.kind.startsWith('final') ? SUFFIXED_FINAL_WEIGHT : 0.1),
      released: Date.parse(`${t.date}T00:00:00Z`) / 1000,
    }));
  }

  pick(rng: Rng, atSeconds: number): VersionPick {
    const table = this.monthTable(Math.floor(atSeconds / MONTH));
    const r = rng.next() * (table.cumulative[table.cumulative.length - 1] as number);
    let i = 0;
    while ((table.cumulative[i] as number) <= r && i < table.tags.length - 1) i++;
    const tag = this.tags[table.tags[i] as number] as { tag: string; released: number };
    if (!rng.chance(ODD_VERSION_SHARE)) return { version: tag.tag, released: tag.released };
    return { version: oddVersion(rng, tag.tag, tag.released), released: tag.released };
  }

  /** Outside the tags' years: the newest tag by then, else the first uploading one. */
  private fallbackTag(at: number): number {
    let best = -1;
    this.tags.forEach((t, i) => {
      if (t.released <= at && (best < 0 || t.released >= (this.tags[best]?.released ?? 0)))
        best = i;
    });
    return best >= 0
      ? best
      : Math.max(
          0,
          this.tags.findIndex((t) => t.released >= FIRST_UPLOADING_TAG),
        );
  }

  private monthTable(month: number): MonthTable {
    const hit = this.months.get(month);
    if (hit) return hit;
    // Tags released by the start of the month: never a version newer than the upload.
    const at = month * MONTH;
    const tags: number[] = [];
    const weights: number[] = [];
    this.tags.forEach((t, i) => {
      if (t.released > at || t.released < FIRST_UPLOADING_TAG) return;
      if (at - t.released > MAX_AGE_DAYS * DAY) return;
      tags.push(i);
      weights.push(t.weight * Math.exp(-(at - t.released) / (AGE_SCALE_DAYS * DAY)));
    });
    if (tags.length === 0) {
      tags.push(this.fallbackTag(at));
      weights.push(1);
    }
    const cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      cumulative[i] = sum;
    });
    const table = { cumulative, tags };
    this.months.set(month, table);
    return table;
  }
}

/** The spellings real uploads carry besides tags (see versions.json notes). */
function oddVersion(rng: Rng, tag: string, released: number): string {
  const hash7 = hex32(rng.uint32()).slice(0, 7);
  const kind = rng.next();
  if (kind < 0.35) {
    // setuptools_scm / hatch-vcs (22.x on) vs versioneer (up to 21.0.0rc2).
    return released >= Date.UTC(2022, 0, 1) / 1000
      ? `${bumpPatch(tag)}.dev${1 + rng.int(40)}+g${hash7}`
      : `${tag}+${1 + rng.int(40)}.g${hash7}`;
  }
  if (kind < 0.65) {
    if (rng.chance(0.25)) return KNOWN_SHA;
    return Array.from({ length: 5 }, () => hex32(rng.uint32())).join('');
  }
  if (kind < 0.8) return '99.99.99';
  return `0+untagged.${1 + rng.int(300)}.g${hash7}`;
}

function bumpPatch(tag: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(tag);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : tag;
}
