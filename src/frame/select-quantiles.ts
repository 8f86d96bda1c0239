/**
 * Exact quantiles without sorting. Sorting 1M doubles takes ~90 ms; the charts need five
 * quantiles (p01, q1, median, q3, p99) of five IQMs and of each group of each, which would be
 * over a second at 1M rows. Selecting only the order statistics those quantiles interpolate
 * between costs a few linear passes instead, with the same answers as
 * {@link quantileSorted} (numpy's linear interpolation).
 */

/** Small ranges are finished by insertion sort: fewer moves than partitioning them further. */
const SMALL = 24;

function insertionSort(a: Float64Array, left: number, right: number): void {
  for (let i = left + 1; i <= right; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= left && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Rearranges a[left..right] so a[k] holds the value a sorted range would have there, smaller
 * or equal values before it and greater or equal after it (C++'s nth_element). Hoare
 * partitioning with a median-of-three pivot: runs of equal values split evenly, so rounded IQMs
 * (MRIQC 24.x) don't degrade it.
 */
function selectNth(a: Float64Array, left: number, right: number, k: number): void {
  let lo = left;
  let hi = right;
  while (hi - lo > SMALL) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot, a[i..hi] >= pivot, and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
  insertionSort(a, lo, hi);
}

/** Places every index of `ks` (sorted ascending, all inside left..right) as a sort would. */
function selectMany(a: Float64Array, left: number, right: number, ks: readonly number[]): void {
  if (ks.length === 0 || left > right) return;
  const m = ks.length >>> 1;
  const k = ks[m]!;
  selectNth(a, left, right, k);
  selectMany(a, left, k - 1, ks.slice(0, m));
  selectMany(a, k + 1, right, ks.slice(m + 1));
}

/**
 * Quantiles `ps` (each 0–1) of the first `n` values of `scratch`, which must all be finite;
 * `scratch` is reordered. Linear interpolation between order statistics, as
 * {@link quantileSorted} and numpy's default. NaN for each p when n is 0.
 *
 * @example
 * selectQuantiles(Float64Array.of(4, 1, 3, 2), [0.5, 1]) // [2.5, 4]
 */
export function selectQuantiles(
  scratch: Float64Array,
  ps: readonly number[],
  n: number = scratch.length,
): number[] {
  if (n === 0) return ps.map(() => Number.NaN);
  const spots = ps.map((p) => Math.min(1, Math.max(0, p)) * (n - 1));
  const needed = new Set<number>();
  for (const at of spots) {
    const lo = Math.floor(at);
    needed.add(lo);
    if (at > lo) needed.add(lo + 1);
  }
  const ks = [...needed].sort((x, y) => x - y);
  selectMany(scratch, 0, n - 1, ks);
  return spots.map((at) => {
    const lo = Math.floor(at);
    if (at === lo) return scratch[lo]!;
    return scratch[lo]! + (scratch[lo + 1]! - scratch[lo]!) * (at - lo);
  });
}
