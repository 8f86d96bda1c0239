/**
 * A field filter too long for the address bar is kept in the browser's database and named in the
 * URL by a short reference, `whereRef=<32 hex digits>` (a 100 kB `where=` made the page address
 * itself too long: the static server refused the reload).
 */

/** A filter longer than this in the address (URL-encoded) moves out of it. */
export const LONG_FILTER_CHARS = 2000;

/**
 * The reference of a filter: 128 bits of a fast non-cryptographic hash of its exact text (two
 * 64-bit lanes of cyrb53's mixing, seeded apart). It only needs to tell one browser's own
 * filters apart: a shared link can name only a filter the receiving browser already holds.
 * @example filterRef('{"size_x": 256}') // 32 hex digits, the same for the same text
 */
export function filterRef(where: string): string {
  return hash64(where, 0) + hash64(where, 0x9e3779b9);
}

/** A `whereRef` value as this app writes it; anything else in the URL is not one. */
export function isFilterRef(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

function hash64(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h2) + hex32(h1);
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
