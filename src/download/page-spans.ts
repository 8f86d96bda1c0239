/**
 * A set of page numbers as sorted, disjoint, inclusive spans: [[1, 40], [43, 43]]. Pages
 * complete roughly in order, so the set of 20,000 done pages of a 1M download stays a handful
 * of spans in the persisted resume state.
 */
export type PageSpans = ReadonlyArray<readonly [first: number, last: number]>;

/** The spans with `page` added, merged with its neighbours. */
export function addPage(spans: PageSpans, page: number): PageSpans {
  const out: Array<[number, number]> = [];
  let placed = false;
  for (const [a, b] of spans) {
    if (page >= a && page <= b) return spans;
    if (!placed && page < a) {
      out.push([page, page]);
      placed = true;
    }
    out.push([a, b]);
  }
  if (!placed) out.push([page, page]);
  return mergeAdjacent(out);
}

function mergeAdjacent(spans: Array<[number, number]>): PageSpans {
  const out: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function hasPage(spans: PageSpans, page: number): boolean {
  return spans.some(([a, b]) => page >= a && page <= b);
}

export function countPages(spans: PageSpans): number {
  return spans.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** The smallest page in 1..last that is neither done nor `skip`ped (in flight), or null. */
export function firstPendingPage(
  spans: PageSpans,
  last: number,
  skip: (page: number) => boolean,
): number | null {
  let page = 1;
  for (const [a, b] of [...spans, [last + 1, last + 1] as const]) {
    for (; page < a && page <= last; page++) if (!skip(page)) return page;
    page = Math.max(page, b + 1);
  }
  return null;
}
