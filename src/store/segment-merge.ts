import { decodeColumn, type EncodedColumn, encodeColumn } from './column-codec.ts';
import type { ColumnPiece } from './segments.ts';

/**
 * One encoded column for the rows of consecutive chunks, from the pieces that hold them (chunks
 * with no piece hold no value of the column). Typed kinds are laid end to end; anything else
 * goes back through the chunk codec over the decoded values, which reads back exactly the values
 * the pieces held.
 *
 * @example
 * mergePieces([{ first: 0, last: 0, column: { kind: 'number', values: Float64Array.of(1) } }], 0, [1, 2])
 * // { kind: 'number', values: Float64Array [1, NaN, NaN] }
 */
export function mergePieces(
  pieces: readonly ColumnPiece[],
  first: number,
  counts: readonly number[],
): EncodedColumn {
  const starts = [0];
  for (const c of counts) starts.push((starts.at(-1) as number) + c);
  const n = starts.at(-1) as number;
  const at = (piece: ColumnPiece) => starts[piece.first - first] as number;
  const kinds = new Set(pieces.map((p) => p.column.kind));
  const only = kinds.size === 1 ? pieces[0]?.column : undefined;

  if (only?.kind === 'number') {
    const values = new Float64Array(n).fill(Number.NaN);
    for (const p of pieces) if (p.column.kind === 'number') values.set(p.column.values, at(p));
    return { kind: 'number', values };
  }
  if (only?.kind === 'http-date') {
    const ms = new Float64Array(n).fill(Number.NaN);
    for (const p of pieces) if (p.column.kind === 'http-date') ms.set(p.column.ms, at(p));
    return { kind: 'http-date', ms };
  }
  if (
    only?.kind === 'hex' &&
    pieces.every((p) => p.column.kind === 'hex' && p.column.width === only.width)
  ) {
    const { width } = only;
    const bytes = new Uint8Array(n * width);
    const held = new Uint8Array(n);
    const missing: number[] = [];
    for (const p of pieces) {
      if (p.column.kind !== 'hex') continue;
      const start = at(p);
      bytes.set(p.column.bytes, start * width);
      const rows = p.column.bytes.length / width;
      held.fill(1, start, start + rows);
      for (const row of p.column.missing) held[start + row] = 0;
    }
    for (let row = 0; row < n; row++) if (held[row] === 0) missing.push(row);
    return { kind: 'hex', width, bytes, missing: Uint32Array.from(missing) };
  }
  const values: unknown[] = new Array(n).fill(undefined);
  for (const p of pieces) {
    const start = at(p);
    const decoded = decodeColumn(p.column);
    for (let i = 0; i < decoded.length; i++) values[start + i] = decoded[i];
  }
  return encodeColumn(values, n);
}
