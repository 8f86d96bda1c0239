/** Seeded random draws for the compare tests: the same numbers on every run. */

/** mulberry32: a small, well-mixed 32-bit generator; uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** IQM-like shapes: symmetric, skewed positive, bounded, heavy-tailed, lumpy (many ties). */
export const SHAPES: Record<string, (random: () => number) => number> = {
  normal: (r) => 10 + 2 * normal(r),
  lognormal: (r) => Math.exp(1 + 0.6 * normal(r)),
  uniform: (r) => r(),
  exponential: (r) => -Math.log(1 - r()),
  heavy: (r) => normal(r) / Math.max(0.05, Math.abs(normal(r))), // Cauchy-like
  lumpy: (r) => Math.round(r() * 40) / 4,
};

export function draw(shape: (random: () => number) => number, n: number, random: () => number) {
  return Float64Array.from({ length: n }, () => shape(random));
}
