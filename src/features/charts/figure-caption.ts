import type { RowsView } from '../../frame/view-spec.ts';
import { formatCount } from './chart-text.ts';

/**
 * The caption written inside a downloaded chart: where the records come from, which query and
 * view, how many records were charted, and when. A figure saved alone must still say what it
 * shows (and that mirror data are synthetic). No React, no DOM: unit-tested.
 */

export interface CaptionFacts {
  /** The API base the records were downloaded from. */
  readonly source: string;
  /** The source serves synthetic data (the local mirror). */
  readonly synthetic: boolean;
  /** The query as the app names it: "T1w · mriqc · all versions · where {…}". */
  readonly query: string;
  readonly show: RowsView;
  /** The view's column filters, as their URL params. */
  readonly filters: readonly string[];
  /** Records in the view (what every chart is drawn over). */
  readonly records: number;
  /** Unique scans among them. */
  readonly unique: number;
  /** "md5sum" or "md5sum and MRIQC version". */
  readonly uniqueBy: string;
  /** What this chart counts beyond the view ("cjv: 1,200 with a value; …"); '' = nothing. */
  readonly chart: string;
  readonly date: Date;
  readonly appVersion: string;
}

/** A longer query is cut in the caption: a figure is not the place for a page of JSON. */
const MAX_QUERY_CHARS = 400;

const SHOWN: Record<RowsView, string> = {
  all: 'all uploads',
  unique: 'unique scans only',
  duplicates: 'duplicated uploads only',
};

/**
 * A date as a reader anywhere reads it: UTC, to the minute.
 * @example captionDate(new Date(Date.UTC(2026, 11, 4, 5, 7))) // '2026-12-04 05:07 UTC'
 */
export function captionDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The caption's lines, in reading order (a line may still be wrapped to the figure's width).
 *
 * @example
 * figureCaption({ source: 'https://mriqc.nimh.nih.gov/api/v1', synthetic: false,
 *   query: 'T1w · mriqc · all versions', show: 'all', filters: [], records: 10, unique: 8,
 *   uniqueBy: 'md5sum', chart: '', date, appVersion: '0.3.0' })[0]
 * // 'Source: MRIQC Web API, https://mriqc.nimh.nih.gov/api/v1'
 */
export function figureCaption(facts: CaptionFacts): string[] {
  const source = facts.synthetic
    ? `Source: Synthetic demo data from the local mirror (${facts.source}), not real scans — not for research`
    : `Source: MRIQC Web API, ${facts.source}`;
  const filters = facts.filters.length;
  const view = `View: ${SHOWN[facts.show]}${
    filters > 0
      ? `; ${filters} column filter${filters > 1 ? 's' : ''}: ${facts.filters.join(' AND ')}`
      : ''
  }`;
  const charted = `Charted: ${formatCount(facts.records)} records, ${formatCount(facts.unique)} unique scans (one per ${facts.uniqueBy})${
    facts.chart ? `; ${facts.chart}` : ''
  }`;
  const query =
    facts.query.length > MAX_QUERY_CHARS
      ? `${facts.query.slice(0, MAX_QUERY_CHARS)}… (cut here; ${formatCount(facts.query.length)} characters in all)`
      : facts.query;
  return [
    source,
    `Query: ${query}`,
    view,
    charted,
    `Made ${captionDate(facts.date)} with CrowdMRI Explorer v${facts.appVersion}`,
  ];
}

/**
 * `text` cut into lines no wider than `maxWidth` as `measure` reports widths, at spaces; a word
 * wider than a line (a long filter) is cut where it must be.
 *
 * @example wrapText('a bb ccc', 4, (s) => s.length) // ['a bb', 'ccc']
 */
export function wrapText(
  text: string,
  maxWidth: number,
  measure: (text: string) => number,
): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (word: string) => {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= maxWidth || !line) {
      line = joined;
      return;
    }
    lines.push(line);
    line = word;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (measure(word) <= maxWidth) {
      push(word);
      continue;
    }
    // Too wide for any line: as many characters per piece as fit (at least one).
    let rest = word;
    while (rest) {
      // The longest prefix that fits, by bisection (a filter can run to thousands of characters).
      let fits = 1;
      let tooWide = rest.length + 1;
      while (tooWide - fits > 1) {
        const mid = (fits + tooWide) >> 1;
        if (measure(rest.slice(0, mid)) <= maxWidth) fits = mid;
        else tooWide = mid;
      }
      const cut = fits;
      if (line) {
        lines.push(line);
        line = '';
      }
      const piece = rest.slice(0, cut);
      rest = rest.slice(cut);
      if (rest) lines.push(piece);
      else line = piece;
    }
  }
  if (line) lines.push(line);
  return lines;
}
