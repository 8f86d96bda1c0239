/**
 * Arithmetic on MongoDB ObjectIds as 96-bit integers. An ObjectId's first 4 bytes are its
 * creation second, so splitting the integer range between two ids splits by upload time,
 * and its 24 lowercase hex digits sort as strings exactly as the integers do.
 */

export const OBJECT_ID = /^[0-9a-f]{24}$/;

function toBig(id: string): bigint {
  return BigInt(`0x${id}`);
}

function fromBig(n: bigint): string {
  return n.toString(16).padStart(24, '0');
}

/**
 * The ids b1 < … < b(k-1) cutting [first, last] into `parts` equal spans, each with
 * first <= b < last; fewer when the span is too small to cut.
 *
 * @example
 * splitIdSpace('000000000000000000000000', '000000000000000000000010', 4)
 * // ['000000000000000000000004', '000000000000000000000008', '00000000000000000000000c']
 */
export function splitIdSpace(first: string, last: string, parts: number): string[] {
  const lo = toBig(first);
  const span = toBig(last) - lo;
  const k = BigInt(Math.max(1, Math.floor(parts)));
  const cuts: string[] = [];
  for (let i = 1n; i < k; i++) {
    const cut = fromBig(lo + (span * i) / k);
    if (cut < last && cut !== cuts.at(-1)) cuts.push(cut);
  }
  return cuts;
}

/** An id strictly between `lo` and `hi`, halfway, or null when they are adjacent. */
export function midpointId(lo: string, hi: string): string | null {
  const a = toBig(lo);
  const mid = a + (toBig(hi) - a) / 2n;
  return mid > a && fromBig(mid) < hi ? fromBig(mid) : null;
}

/** How far apart two ids are (for choosing the largest range to split). */
export function idDistance(lo: string, hi: string): bigint {
  return toBig(hi) - toBig(lo);
}
