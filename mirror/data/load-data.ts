import { readFileSync } from 'node:fs';
import { DataFileError, importRecord, type RawRecord, resourceOfHref } from './record-import.ts';
import { parseStoredJson } from './stored-json.ts';
import type { StoredDoc, StoredResource } from './types.ts';

export { DataFileError } from './record-import.ts';

export type LoadedData = Partial<Record<StoredResource, StoredDoc[]>>;

/**
 * Reads records for the mirror from a file: JSON Lines (one API item, POST body or saved page
 * per line), a saved API page (`{"_items": […], "_meta": …}`), a JSON array, or a single
 * (pretty-printed) record. Each record goes to the collection its `_links.self.href` or its
 * `bids_meta.modality` names; a record repeated verbatim (overlapping saved pages) is kept
 * once. Numbers keep their type: `100.0` is stored, and served, as a double (data/double.ts).
 * Throws a {@link DataFileError} naming the line of a bad record.
 *
 * @example
 * const data = loadDataFile('mirror/fixtures/bold-page-50.json');
 * data.bold?.length // 50
 */
export function loadDataFile(path: string): LoadedData {
  return parseDataText(readFileSync(path, 'utf8'), path);
}

/**
 * {@link loadDataFile} on text already in memory; `source` prefixes error locations.
 *
 * @example
 * parseDataText('{"rating": "good", "md5sum": "…"}\n', 'ratings.jsonl').rating?.length // 1
 */
export function parseDataText(text: string, source: string): LoadedData {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: LoadedData = {};
  const seen = new Map<string, { where: string; etag: string }>();
  readRecords(body, source).forEach((raw, index) => {
    const { resource, doc } = importRecord(raw, index);
    // Saved pages can overlap (pages without a sort shift between fetches): the same record
    // twice is dropped; the same _id with other content is an error.
    const key = `${resource}/${doc._id.hex}`;
    const first = seen.get(key);
    if (first) {
      if (first.etag === doc._etag) return;
      throw new DataFileError(
        raw.where,
        `_id ${doc._id.hex} already used by ${first.where} for other content`,
      );
    }
    seen.set(key, { where: raw.where, etag: doc._etag });
    const docs = out[resource] ?? [];
    docs.push(doc);
    out[resource] = docs;
  });
  return out;
}

function readRecords(text: string, source: string): RawRecord[] {
  if (text.trim() === '') return [];
  let whole: unknown;
  try {
    whole = parseStoredJson(text);
  } catch (error) {
    return readJsonLines(text, source, error as Error);
  }
  if (Array.isArray(whole)) return whole.flatMap((v, i) => expand(v, `${source}: item ${i}`));
  return expand(whole, `${source}:1`);
}

/** A saved page stands for its items; anything else is one record. */
function expand(value: unknown, where: string): RawRecord[] {
  if (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { _items?: unknown })._items)
  ) {
    const page = value as { _items: unknown[]; _links?: { self?: { href?: unknown } } };
    const pageResource = resourceOfHref(page._links?.self?.href);
    return page._items.map((item, k) => ({
      value: item,
      where: `${where}, _items[${k}]`,
      pageResource,
    }));
  }
  return [{ value, where }];
}

/**
 * One JSON value per line. If even the first line isn't JSON on its own, the file was meant
 * as one (pretty-printed) document, and the whole-file error is the useful one.
 */
function readJsonLines(text: string, source: string, wholeError: Error): RawRecord[] {
  const lines = text.split('\n');
  const records: RawRecord[] = [];
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = parseStoredJson(line);
    } catch (error) {
      if (first)
        throw new DataFileError(
          wholeLocation(text, source, wholeError),
          `malformed JSON: ${wholeError.message}`,
        );
      throw new DataFileError(`${source}:${i + 1}`, `malformed JSON: ${(error as Error).message}`);
    }
    first = false;
    records.push(...expand(value, `${source}:${i + 1}`));
  }
  return records;
}

/** "file:LINE" from the character position V8 puts in JSON.parse messages. */
function wholeLocation(text: string, source: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return `${source}:1`;
  const line = text.slice(0, Number(position[1])).split('\n').length;
  return `${source}:${line}`;
}
