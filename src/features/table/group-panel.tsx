import { useEffect, useMemo, useRef } from 'react';
import { cellValue } from '../../frame/column.ts';
import type { Frame } from '../../frame/frame.ts';
import { CREATED, type FrameView, MD5SUM, VERSION } from '../../frame/view.ts';
import type { ViewSpec } from '../../frame/view-spec.ts';
import { useColumns } from '../../queries/use-columns.ts';
import { formatCell } from './format-cell.ts';

interface GroupPanelProps {
  readonly frame: Frame;
  readonly view: FrameView;
  readonly spec: ViewSpec;
  readonly group: number;
  /** The grid's visible columns, shown after the record's own. */
  readonly visible: readonly string[];
  readonly onClose: () => void;
}

/** Uploads listed at most; a bigger group says how many more there are. */
const MAX_LISTED = 200;
const MD5_ONLY = [MD5SUM] as const;
const NONE = [] as const;

/**
 * Every upload of one scan (a duplicate group, from dedup.groupStart/groupRows), in stored
 * order, marking the one the unique view keeps, so a person can see what differs between them.
 */
export function GroupPanel(props: GroupPanelProps) {
  const { frame, view, spec, group } = props;
  const { dedup } = view;
  const members = dedup.groupRows.subarray(dedup.groupStart[group], dedup.groupStart[group + 1]);
  const names = useMemo(() => {
    const first = ['_id', CREATED, VERSION].filter((n) => frame.has(n));
    const rest = props.visible.filter((n) => !first.includes(n) && n !== MD5SUM);
    return [...first, ...rest];
  }, [frame, props.visible]);
  const loaded = useColumns(frame, names);
  // Asked for, not assumed loaded: a table opened with the stored dedup index never read it.
  const md5Columns = useColumns(frame, frame.has(MD5SUM) ? MD5_ONLY : NONE);
  const md5Column = md5Columns.columns[0];
  const md5 = md5Column && members.length > 0 ? cellValue(md5Column, members[0]!) : undefined;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
    ref.current?.focus({ preventScroll: true });
  }, []);
  const listed = Array.from(members.subarray(0, MAX_LISTED));
  const keyText = spec.dedup === 'md5sum+version' ? 'md5sum and MRIQC version' : 'md5sum';
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="table-panel group-panel"
      aria-label="Uploads of this scan"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <div className="panel-head">
        <h3>
          {members.length} uploads of the same scan
          {typeof md5 === 'string' ? (
            <>
              {' '}
              (md5sum <code>{md5}</code>)
            </>
          ) : null}
        </h3>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="muted">
        Same {keyText}. The unique view keeps the {spec.keep} upload by <code>_created</code>,
        marked “kept”.
      </p>
      <section
        className="group-table-wrap"
        aria-label="Uploads table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box a keyboard alone must be able to scroll (axe scrollable-region-focusable)
        tabIndex={0}
      >
        <table className="group-table">
          <thead>
            <tr>
              <th scope="col">Kept</th>
              {names.map((name) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {listed.map((row) => (
              <tr key={row} className={dedup.isKept[row] ? 'group-kept' : undefined}>
                <td>{dedup.isKept[row] ? 'kept' : ''}</td>
                {names.map((name, i) => {
                  const column = loaded.columns[i];
                  if (!column)
                    return (
                      <td key={name} className="cell-loading">
                        …
                      </td>
                    );
                  const cell = formatCell(cellValue(column, row));
                  return (
                    <td
                      key={name}
                      title={cell.title}
                      className={
                        cell.missing ? 'group-missing' : cell.numeric ? 'group-number' : undefined
                      }
                    >
                      {cell.text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {members.length > MAX_LISTED ? (
        <p className="muted">
          The first {MAX_LISTED} of {members.length} uploads are listed.
        </p>
      ) : null}
    </section>
  );
}
