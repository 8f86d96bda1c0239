/**
 * Rows → codes 1, 2, … in first-seen order (0 = missing), given a hash per row and a test of
 * whether two rows hold the same value.
 *
 * Why partitioned: one hash table over a million mostly distinct values (digests, upload
 * dates) is 16 MB probed at random — a cache miss per row, ~1 s on this project's machines.
 * Scattering the rows into 256 buckets by the hash's top byte first (sequential writes), then
 * coding each bucket with a table small enough to stay in cache, does the same work in a
 * fraction of the time. Rows keep their order inside a bucket, so each value's first row is
 * found first; a last pass in row order hands out codes by first appearance.
 */
export interface RowCodes {
  codes: Uint32Array;
  /** Code k's first row is `firstRows[k - 1]`. */
  firstRows: Uint32Array;
}

const BUCKET_BITS = 8;
const BUCKETS = 1 << BUCKET_BITS;

/**
 * @param hashes per row (any 32-bit integer; its top byte picks the bucket, so it must vary
 *   there as much as anywhere)
 * @param missing per row, 1 = missing (code 0); null = none missing
 * @param same whether rows `a` and `b` hold the same value (called only when hashes match)
 *
 * @example
 * codeRows(Int32Array.of(7, 9, 7), null, () => true) // { codes: [1, 2, 1], firstRows: [0, 1] }
 */
export function codeRows(
  hashes: Int32Array,
  missing: Uint8Array | null,
  same: (a: number, b: number) => boolean,
): RowCodes {
  const n = hashes.length;
  const starts = new Uint32Array(BUCKETS + 1);
  for (let row = 0; row < n; row++) {
    if (missing?.[row] === 1) continue;
    starts[(hashes[row]! >>> (32 - BUCKET_BITS)) + 1]!++;
  }
  for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
  const held = starts[BUCKETS]!;
  const order = new Uint32Array(held);
  const fill = starts.slice(0, BUCKETS);
  for (let row = 0; row < n; row++) {
    if (missing?.[row] === 1) continue;
    order[fill[hashes[row]! >>> (32 - BUCKET_BITS)]!++] = row;
  }

  // first[row] = the first row holding row's value (itself when it is the first).
  const first = new Uint32Array(n);
  let largest = 0;
  for (let b = 0; b < BUCKETS; b++) largest = Math.max(largest, starts[b + 1]! - starts[b]!);
  let size = 16;
  while (size < largest * 2) size *= 2;
  // Slot holds row + 1 (0 = empty); the bucket's hashes sit beside them, one cache line apart.
  const slotRow = new Uint32Array(size);
  const slotHash = new Int32Array(size);
  for (let b = 0; b < BUCKETS; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (from === to) continue;
    let bucketSize = 16;
    while (bucketSize < (to - from) * 2) bucketSize *= 2;
    const mask = bucketSize - 1;
    slotRow.fill(0, 0, bucketSize);
    for (let i = from; i < to; i++) {
      const row = order[i]!;
      const h = hashes[row]!;
      let slot = h & mask;
      for (;;) {
        const occupant = slotRow[slot]!;
        if (occupant === 0) {
          slotRow[slot] = row + 1;
          slotHash[slot] = h;
          first[row] = row;
          break;
        }
        if (slotHash[slot] === h && same(occupant - 1, row)) {
          first[row] = occupant - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  const codes = new Uint32Array(n);
  let count = 0;
  for (let row = 0; row < n; row++) {
    if (missing?.[row] === 1) continue;
    const f = first[row]!;
    codes[row] = f === row ? ++count : codes[f]!;
  }
  const firstRows = new Uint32Array(count);
  for (let row = 0; row < n; row++) {
    const c = codes[row]!;
    if (c !== 0 && first[row] === row) firstRows[c - 1] = row;
  }
  return { codes, firstRows };
}
