/**
 * Seeded randomness for the synthetic dataset. Math.random can't be seeded, and the mirror
 * must serve byte-identical documents for a seed, so we carry our own small generator.
 */

/**
 * cyrb128: hashes a string to four 32-bit words, used to seed {@link Rng} from text such as
 * `"42/T1w"` so that each modality gets its own independent stream.
 *
 * @example
 * hashString('42/T1w') // [958942818, 2458556552, 1331586198, 1206096715] (always the same)
 */
export function hashString(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * murmur3's 32-bit finaliser: a stateless mix, so a value derived from (seed, row) can be
 * recomputed in `docAt` instead of stored (etags, unique subject hashes).
 *
 * @example
 * mix32(1) !== mix32(2) // true; mix32(x) is always the same for the same x
 */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator): passes PractRand, ~5 ns a draw.
 *
 * @example
 * const rng = new Rng('42/T1w');
 * rng.next();     // uniform in [0, 1)
 * rng.int(6);     // 0..5
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hashString(seed);
    // The first outputs of sfc32 still echo the seed words; discard them.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** One value from `[value, weight]` pairs, proportionally to weight. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.next() * total;
    for (const [value, w] of pairs) {
      r -= w;
      if (r < 0) return value;
    }
    return (pairs[pairs.length - 1] as readonly [T, number])[0];
  }
}

/**
 * Maps a point on the unit circle to [0, 1] with the tent map. A uniform point stays uniform,
 * and nearby points stay nearby, so `tent(studyLatent + noise)` gives exactly uniform
 * marginals (hence exact quantiles) while records of one study stay correlated.
 *
 * @example
 * tent(0.25) // 0.5
 * tent(1.1)  // ≈ 0.2 (wraps round the circle)
 */
export function tent(v: number): number {
  const f = v - Math.floor(v);
  return 1 - Math.abs(2 * f - 1);
}
