/**
 * Query-string decoding as Werkzeug does it for `request.args` (eve-api.md 2.1): `&` separates
 * pairs (`;` does not), the first `=` splits name from value, `+` is a space, `%XX` is a byte,
 * and the bytes are read as UTF-8 with U+FFFD for anything invalid. Nothing here throws.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Appends the UTF-8 bytes of the code point at `text[i]`; returns how many UTF-16 units it used. */
function pushUtf8(bytes: number[], text: string, i: number): number {
  const cp = text.codePointAt(i) ?? 0xfffd;
  // A lone surrogate cannot be UTF-8: it becomes U+FFFD, as Python's 'replace' would give.
  const code = cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
  if (code < 0x80) bytes.push(code);
  else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
  else if (code < 0x10000) {
    bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  } else {
    bytes.push(
      0xf0 | (code >> 18),
      0x80 | ((code >> 12) & 63),
      0x80 | ((code >> 6) & 63),
      0x80 | (code & 63),
    );
  }
  return cp > 0xffff ? 2 : 1;
}

/**
 * Decodes one name or value like `urllib.parse.unquote_plus(s, errors='replace')`.
 * An invalid escape (`%zz`, a trailing `%4`) stays literal; invalid UTF-8 becomes U+FFFD.
 *
 * @example
 * decodeFormComponent('a+b%20c%zz') // 'a b c%zz'
 * decodeFormComponent('%ff')        // '\ufffd'
 */
export function decodeFormComponent(text: string): string {
  if (!/[%+\u0080-\uffff]/.test(text)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code === 0x2b) {
      bytes.push(0x20);
      i++;
      continue;
    }
    if (code === 0x25) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        i += 3;
        continue;
      }
    }
    i += pushUtf8(bytes, text, i);
  }
  return UTF8.decode(Uint8Array.from(bytes));
}

/**
 * The decoded (name, value) pairs of a raw query string (no leading `?`), in order.
 * Empty pairs are skipped; a pair without `=` has the value ''.
 *
 * @example
 * parseQueryPairs('a=1&&b&c=x%3Dy;d') // [['a','1'], ['b',''], ['c','x=y;d']]
 */
export function parseQueryPairs(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeFormComponent(name), decodeFormComponent(value)]);
  }
  return pairs;
}

/**
 * Pairs grouped by name in order of first appearance, like Werkzeug's `MultiDict.lists()`.
 *
 * @example
 * groupPairs([['foo','1'], ['bar','2'], ['foo','3']]) // Map { foo → ['1','3'], bar → ['2'] }
 */
export function groupPairs(pairs: ReadonlyArray<[string, string]>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const list = groups.get(name);
    if (list) list.push(value);
    else groups.set(name, [value]);
  }
  return groups;
}
