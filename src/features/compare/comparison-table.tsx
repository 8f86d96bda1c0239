import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  type Comparison,
  flaggedIqms,
  formatChance,
  type ScanSort,
} from '../../compare/comparison.ts';
import { type Direction, iqmInfo } from '../../data/iqm-catalog.ts';
import { PercentileCell } from './percentile-cell.tsx';

type Modality = 'T1w' | 'T2w' | 'bold';

/** Rows drawn at a time: a 20,000-scan file must not build 20,000 × 60 cells at once. */
const PAGE = 200;

const DIRECTION_TEXT: Record<Direction, string> = {
  'higher-better': '↑ better',
  'lower-better': '↓ better',
  neither: 'no better side',
};

type SortKey = 'name' | 'flags' | string;

function keyOf(sort: ScanSort): SortKey {
  return sort.by === 'percentile' ? sort.iqm : sort.by;
}

function SortHeader(props: {
  label: string;
  sub?: string;
  sortKey: SortKey;
  sort: ScanSort;
  onSort: (key: SortKey) => void;
  title?: string;
}) {
  const { label, sub, sortKey, sort, onSort, title } = props;
  const active = keyOf(sort) === sortKey;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}
      title={title}
    >
      <button type="button" className="compare-sort" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true">{active ? (sort.desc ? ' ▾' : ' ▴') : ''}</span>
      </button>
      {sub ? <span className="compare-sub">{sub}</span> : null}
    </th>
  );
}

/** The user's scans (rows) by IQM percentile (columns), sortable by any header. */
export function ComparisonTable(props: {
  comparison: Comparison;
  modality: Modality;
  shown: readonly string[];
  order: Uint32Array;
  sort: ScanSort;
  onSort: (key: SortKey) => void;
  /** Opens scan `s`'s page. */
  onOpen: (s: number) => void;
  /** A scan whose row gets the focus (on returning from its page), then `onFocused`. */
  focusScan: number | null;
  onFocused: () => void;
}) {
  const { comparison, modality, shown, order, sort, onSort, onOpen, focusScan, onFocused } = props;
  const [limit, setLimit] = useState(PAGE);
  const wrap = useRef<HTMLDivElement>(null);
  // Back from a scan's page lands on that scan's row, drawing more rows first when the page
  // stepped to a scan beyond those drawn.
  useLayoutEffect(() => {
    if (focusScan === null) return;
    const at = order.indexOf(focusScan);
    if (at >= limit) {
      setLimit(Math.ceil((at + 1) / PAGE) * PAGE);
      return;
    }
    wrap.current?.querySelector<HTMLElement>(`[data-scan-index="${focusScan}"]`)?.focus();
    onFocused();
  }, [focusScan, order, limit, onFocused]);
  const byIqm = useMemo(() => new Map(comparison.iqms.map((c) => [c.iqm, c])), [comparison]);
  const values = useMemo(
    () => new Map(comparison.file.iqms.map((iqm, i) => [iqm, comparison.file.values[i]!])),
    [comparison],
  );
  const columns = shown.flatMap((iqm) => {
    const c = byIqm.get(iqm);
    return c ? [{ ...c, info: iqmInfo(modality, iqm) }] : [];
  });
  const count = Math.min(limit, order.length);
  return (
    <>
      <div className="compare-table-wrap" ref={wrap}>
        <table className="compare-table" aria-label="Your scans against the crowd">
          <thead>
            <tr>
              <SortHeader label="Scan" sortKey="name" sort={sort} onSort={onSort} />
              <SortHeader
                label="Flags"
                sub="chance of as many"
                sortKey="flags"
                sort={sort}
                onSort={onSort}
                title="IQMs beyond the crowd's 1% tail on their worse side (0.5% on each side for IQMs without a better side), and the chance that a scan drawn from the crowd gets as many flags or more; sorted by that chance, smallest first"
              />
              {columns.map((c) => (
                <SortHeader
                  key={c.iqm}
                  label={c.iqm}
                  sub={DIRECTION_TEXT[c.info?.direction ?? 'neither']}
                  sortKey={c.iqm}
                  sort={sort}
                  onSort={onSort}
                  title={c.info ? `${c.info.description} (percentile among the crowd)` : c.iqm}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from(order.subarray(0, count), (s) => {
              const flagged = flaggedIqms(comparison, s);
              const chance = comparison.chance[s]!;
              return (
                <tr key={s}>
                  <th scope="row" className="compare-scan">
                    <button
                      type="button"
                      className="compare-scan-open"
                      data-scan-index={s}
                      onClick={() => onOpen(s)}
                    >
                      {comparison.file.scans[s]}
                    </button>
                  </th>
                  <td className="compare-flags">
                    {flagged.length > 0 ? (
                      <>
                        <strong>
                          {flagged.length} <span aria-hidden="true">⚑</span>
                        </strong>{' '}
                        <span className="compare-chance">
                          chance {formatChance(chance)}
                          <span className="visually-hidden">
                            {` of ${flagged.length} or more flags out of ${comparison.testedCount[s]} IQMs tested`}
                          </span>
                        </span>{' '}
                        <span className="compare-flag-list" title={flagged.join(', ')}>
                          {flagged.join(', ')}
                        </span>
                      </>
                    ) : (
                      '0'
                    )}
                  </td>
                  {columns.map((c) => (
                    <PercentileCell
                      key={c.iqm}
                      iqm={c.iqm}
                      value={values.get(c.iqm)?.[s] ?? Number.NaN}
                      percentile={c.standing.percentiles[s]!}
                      z={c.standing.z[s]!}
                      flags={c.standing.flags[s]!}
                      direction={c.info?.direction ?? 'neither'}
                      tested={c.standing.tested}
                      log={c.standing.crowd.log}
                    />
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {count < order.length ? (
        <p className="compare-more">
          Showing {count.toLocaleString('en-US')} of {order.length.toLocaleString('en-US')} scans,
          in the order chosen above.{' '}
          <button type="button" className="secondary" onClick={() => setLimit(limit + PAGE)}>
            Show {Math.min(PAGE, order.length - count)} more
          </button>
        </p>
      ) : null}
    </>
  );
}
