import { createHash } from 'node:crypto';
import { mix32 } from './random.ts';

/** Two hex digits per byte value; a table lookup beats toString(16)+padStart in the hot path. */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0'),
);

/**
 * A 32-bit unsigned integer as 8 lowercase hex digits.
 *
 * @example
 * hex32(255) // '000000ff'
 */
export function hex32(n: number): string {
  return (
    (BYTE_HEX[(n >>> 24) & 255] as string) +
    (BYTE_HEX[(n >>> 16) & 255] as string) +
    (BYTE_HEX[(n >>> 8) & 255] as string) +
    (BYTE_HEX[n & 255] as string)
  );
}

/**
 * The low 24 bits as 6 hex digits (the counter part of an ObjectId).
 *
 * @example
 * hex24(0x12) // '000012'
 */
export function hex24(n: number): string {
  return (
    (BYTE_HEX[(n >>> 16) & 255] as string) +
    (BYTE_HEX[(n >>> 8) & 255] as string) +
    (BYTE_HEX[n & 255] as string)
  );
}

/**
 * `words` consecutive 32-bit words of `data` from `offset`, as hex (4 words = an md5sum).
 *
 * @example
 * wordsHex(new Uint32Array([1, 2]), 0, 2) // '0000000100000002'
 */
export function wordsHex(data: Uint32Array, offset: number, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) out += hex32(data[offset + i] as number);
  return out;
}

/**
 * A stateless pseudo-digest of `words` 32-bit words derived from (a, b): looks like a hash,
 * costs a few multiplies, and is recomputed on demand instead of stored (etags, unique ids).
 *
 * @example
 * derivedHex(7, 1234, 10).length // 80; always the same for the same inputs
 */
export function derivedHex(a: number, b: number, words: number): string {
  let out = '';
  let h = mix32(a ^ Math.imul(b, 0x9e3779b1));
  for (let i = 0; i < words; i++) {
    h = mix32(h + 0x6d2b79f5 + i);
    out += hex32(h);
  }
  return out;
}

/**
 * sha256 of a UTF-8 string as 64 hex: what MRIQC's uploader does to subject and session labels.
 *
 * @example
 * sha256Hex('1') // '6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
