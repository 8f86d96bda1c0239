/**
 * Compiled builders for served documents, one per key layout. wire.ts's general loop adds
 * ~75 properties with computed names, which pushes V8 objects into slow dictionary mode:
 * building one then costs ~6 µs and JSON.stringify walks it on its slow path (together ~30%
 * of a 50-record page). A page's documents share one layout, so, as in
 * data/synthetic/object-builder.ts, an object literal is compiled once per layout and makes
 * the same object in a fraction of that.
 * The keys come from stored documents but are JSON-quoted, so they can never become code.
 */

/** Builds a served document from stored fields; see compileWireBuilder for the arguments. */
export type WireBuilder = (
  fields: Record<string, unknown>,
  links: Record<string, unknown>,
  toWire: (value: unknown) => unknown,
  etagOf: (fields: Record<string, unknown>) => string,
  epoch: string,
) => Record<string, unknown>;

/** Keys the general path fills in (in this order) when the document lacks them, or they are null. */
const DEFAULTED = ['_created', '_updated', '_etag', '_links'] as const;

/**
 * A function building exactly what wire.ts's general toWireDocument builds for documents whose
 * `Object.keys` equal `keys`: the keys in `allowed` (all when undefined) in stored order, each
 * value through `toWire`, missing/nullish `_created`/`_updated` as `epoch`, `_etag` computed
 * by `etagOf`, and `_links` set. Null when a key cannot be written in a literal (`__proto__`).
 *
 * @example
 * const build = compileWireBuilder(['_id', 'snr'], undefined);
 * build!({ _id: id, snr: 1 }, links, toWire, documentEtag, EPOCH_STRING)
 * // { _id: '59cf…', snr: 1, _created: EPOCH, _updated: EPOCH, _etag: '…', _links: links }
 */
export function compileWireBuilder(
  keys: readonly string[],
  allowed: ReadonlySet<string> | undefined,
): WireBuilder | null {
  const kept = allowed ? keys.filter((key) => allowed.has(key)) : [...keys];
  // In a literal `"__proto__": v` sets the prototype instead of adding a property.
  if (kept.includes('__proto__')) return null;
  const fill: Record<(typeof DEFAULTED)[number], string> = {
    _created: 'epoch',
    _updated: 'epoch',
    _etag: 'etagOf(f)',
    _links: 'l',
  };
  const entry = (key: string): string => {
    const name = JSON.stringify(key);
    const value = `w(f[${name}])`;
    if (key === '_links') return `${name}: l`;
    if (Object.hasOwn(fill, key)) return `${name}: ${value} ?? ${fill[key as keyof typeof fill]}`;
    return `${name}: ${value}`;
  };
  const added = DEFAULTED.filter((key) => !kept.includes(key)).map(
    (key) => `${JSON.stringify(key)}: ${fill[key]}`,
  );
  const body = [...kept.map(entry), ...added].join(', ');
  return new Function('f', 'l', 'w', 'etagOf', 'epoch', `return { ${body} };`) as WireBuilder;
}

interface Layout {
  allowed: ReadonlySet<string> | undefined;
  keys: readonly string[];
  /** How often this layout was looked up: it is compiled from the second time on. */
  seen: number;
  build: WireBuilder | null;
}

/** Layouts used lately, newest first; a page hits the first entry 49 times out of 50. */
const recent: Layout[] = [];
const RECENT_MAX = 8;
/** Every layout seen, by its key list: bounded, so odd documents cannot grow it forever. */
const known = new Map<ReadonlySet<string> | undefined, Map<string, Layout>>();
const KNOWN_MAX = 1024;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The compiled builder for documents with these keys, or null: a layout seen only once (a
 * one-off document is cheaper to build by the general loop than to compile for), or one the
 * literal cannot express.
 */
export function wireBuilderFor(
  keys: readonly string[],
  allowed: ReadonlySet<string> | undefined,
): WireBuilder | null {
  for (const layout of recent) {
    if (layout.allowed === allowed && sameKeys(layout.keys, keys)) return layout.build;
  }
  const layout = knownLayout(keys, allowed);
  layout.seen++;
  if (layout.seen === 2) layout.build = compileWireBuilder(keys, allowed);
  if (layout.seen >= 2) {
    recent.unshift(layout);
    if (recent.length > RECENT_MAX) recent.pop();
  }
  return layout.build;
}

function knownLayout(keys: readonly string[], allowed: ReadonlySet<string> | undefined): Layout {
  let byKeys = known.get(allowed);
  if (!byKeys) {
    byKeys = new Map();
    known.set(allowed, byKeys);
  }
  const signature = keys.join('\u0000');
  let layout = byKeys.get(signature);
  if (!layout) {
    if (byKeys.size >= KNOWN_MAX) byKeys.clear();
    layout = { allowed, keys, seen: 0, build: null };
    byKeys.set(signature, layout);
  }
  return layout;
}
