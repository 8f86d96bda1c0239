import type { WhereObject } from '../api/where.ts';
import { type ExportFormat, FORMATS, type TextFormat } from './formats.ts';

/**
 * "Copy as Python": code a researcher pastes into a notebook. (a) pandas code that reads a file
 * the app exported with each column's type; (b) a standalone script (requests + pandas) that
 * downloads the query's records from the API itself and writes the file the app's export
 * writes: the same columns in the same order, each cell the same text (cell-text.ts,
 * csv-rows.ts), so results can be reproduced without the app.
 */

export interface PythonColumn {
  readonly name: string;
  /** The frame's type: `number` columns read as float64, the rest as pandas' string dtype. */
  readonly type: 'number' | 'text';
}

/**
 * A Python string literal for any text. JSON's string syntax is a subset of Python's (the same
 * escapes, `\uXXXX` included), so JSON.stringify gives a literal Python reads back exactly.
 *
 * @example
 * pythonString('a "b"\n') // '"a \\"b\\"\\n"'
 */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** The served meta dates (RFC 1123, always GMT): parsed as UTC datetimes when present. */
const DATE_COLUMNS = ['_created', '_updated'] as const;
const HTTP_DATE_FORMAT = '%a, %d %b %Y %H:%M:%S GMT';

/** A Python list of strings, one per line, so a long column list stays readable. */
function pythonList(items: readonly string[], indent = '    '): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `${indent}${pythonString(item)},`).join('\n')}\n]`;
}

/** The dtype pandas should give each column: what the frame knows of it. */
export function pandasDtype(column: PythonColumn): 'float64' | 'string' {
  return column.type === 'number' ? 'float64' : 'string';
}

export interface ReaderOptions {
  /** The exported file's name (or path). */
  readonly fileName: string;
  readonly format: ExportFormat;
  /** The exported columns, in file order. */
  readonly columns: readonly PythonColumn[];
  /** Records from the local mirror: the code says they are synthetic. */
  readonly synthetic: boolean;
}

/**
 * (a) pandas code reading an exported file: every column with the dtype the frame gives it,
 * only an empty cell as missing (pandas would otherwise turn a text "NA", "null" or "None"
 * into NaN), the served dates as UTC datetimes.
 *
 * @example
 * pandasReaderCode({fileName: 'x.csv', format: 'csv', synthetic: false,
 *   columns: [{name: 'cjv', type: 'number'}]}) // '… pd.read_csv(\n    "x.csv", …'
 */
export function pandasReaderCode(options: ReaderOptions): string {
  const { fileName, format, columns, synthetic } = options;
  const dates = DATE_COLUMNS.filter((name) =>
    columns.some((column) => column.name === name && column.type === 'text'),
  );
  const title = `# Reads ${oneLine(fileName)}, as CrowdMRI Explorer exported it (${columns.length} ${columns.length === 1 ? 'column' : 'columns'}), with each column's type.`;
  // Parquet carries its column types and nulls, and its text is stored as it was served.
  const lines =
    format === 'parquet'
      ? [
          title,
          ...(synthetic ? [SYNTHETIC_NOTE] : []),
          '# Needs pyarrow or fastparquet beside pandas.',
          'import pandas as pd',
          '',
          `df = pd.read_parquet(${pythonString(fileName)})`,
        ]
      : textReaderLines(title, fileName, format, columns, synthetic);
  if (dates.length > 0) {
    lines.push(
      '# The API serves its dates as RFC 1123 text in GMT.',
      `for name in ${pythonTuple(dates)}:`,
      `    df[name] = pd.to_datetime(df[name], format=${pythonString(HTTP_DATE_FORMAT)}, utc=True)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function textReaderLines(
  title: string,
  fileName: string,
  format: TextFormat,
  columns: readonly PythonColumn[],
  synthetic: boolean,
): string[] {
  return [
    title,
    ...(synthetic ? [SYNTHETIC_NOTE] : []),
    "# Text cells that began with = + - @ or a tab were written with a leading ' so that a",
    '# spreadsheet does not run them as formulas; they are read back with that quote.',
    'import pandas as pd',
    '',
    `DTYPES = ${pythonDtypes(columns)}`,
    '',
    'df = pd.read_csv(',
    `    ${pythonString(fileName)},`,
    `    sep=${pythonString(FORMATS[format].delimiter)},`,
    '    dtype=DTYPES,',
    '    # Only an empty cell is missing: a text "NA", "null" or "None" stays text.',
    '    keep_default_na=False,',
    '    na_values=[""],',
    '    # Each number exactly as written (the file holds the shortest round-trip text).',
    '    float_precision="round_trip",',
    ')',
  ];
}

export interface ScriptOptions {
  /** The API base, e.g. `https://mriqc.nimh.nih.gov/api/v1`. */
  readonly source: string;
  readonly modality: string;
  /** The query's whole filter (software, versions and the user's filter: `buildWhere`), null = every record. */
  readonly where: WhereObject | null;
  /** The columns to write, in order (the export's choice), with their types for pandas. */
  readonly columns: readonly PythonColumn[];
  /** The script writes text: for a Parquet export it writes the CSV of the same columns. */
  readonly format: TextFormat;
  /** Where the script writes when given no path. */
  readonly outputName: string;
  /** Records from the local mirror: the script says they are synthetic. */
  readonly synthetic: boolean;
}

const SYNTHETIC_NOTE =
  '# The source is the local mirror: its records are SYNTHETIC DEMO DATA, not real scans.';

/**
 * (b) A standalone script: pages through the query's records with a keyset on `_id` (the API
 * clamps pages to 50 records; `page=N` paging over a changing collection skips and repeats
 * records, eve-api §7), flattens each like pandas.json_normalize, and writes the app's export
 * text for the given columns, rows in `_id` order. The table's view (unique/duplicates, column
 * filters, sort) is not applied: the script reproduces the query, the records the app stores.
 *
 * @example
 * downloadScriptCode({source: 'https://mriqc.nimh.nih.gov/api/v1', modality: 'T1w',
 *   where: {'provenance.software': 'mriqc'}, columns: ['_id'], format: 'csv',
 *   outputName: 'T1w.csv', synthetic: false}) // '#!/usr/bin/env python3\n…'
 */
export function downloadScriptCode(options: ScriptOptions): string {
  const { source, modality, where, columns, format, outputName, synthetic } = options;
  const { delimiter, newline } = FORMATS[format];
  const header = [
    '#!/usr/bin/env python3',
    `# Downloads the ${oneLine(modality)} records of a CrowdMRI Explorer query from ${oneLine(source)}`,
    `# and writes them as the app's ${format.toUpperCase()} export does: the same ${columns.length} columns in the same order,`,
    "# each cell the same text. Rows: every record of the query, in _id order (the table's view —",
    '# unique/duplicates, column filters, sort — is not applied).',
    ...(synthetic ? [SYNTHETIC_NOTE] : []),
    '# Needs Python 3.9+, requests and pandas. Usage: python3 script.py [output file]',
    'import codecs',
    'import json',
    'import math',
    'import re',
    'import sys',
    'import time',
    '',
    'import pandas as pd',
    'import requests',
    '',
    `SOURCE = ${pythonString(source.replace(/\/+$/, ''))}`,
    `MODALITY = ${pythonString(modality)}`,
    '# The query as one MongoDB filter: software, versions and the field filter.',
    `WHERE = ${where === null ? 'None' : `json.loads(${pythonString(JSON.stringify(where))})`}`,
    `COLUMNS = ${pythonList(columns.map((column) => column.name))}`,
    "# Each column's type, as the app knows it, for reading the file back with pandas.",
    `DTYPES = ${pythonDtypes(columns)}`,
    `DELIMITER = ${pythonString(delimiter)}`,
    `NEWLINE = ${pythonString(newline)}`,
    `OUTPUT = sys.argv[1] if len(sys.argv) > 1 else ${pythonString(outputName)}`,
  ];
  return `${header.join('\n')}\n${SCRIPT_BODY}`;
}

function pythonDtypes(columns: readonly PythonColumn[]): string {
  if (columns.length === 0) return '{}';
  const entries = columns.map(
    (column) => `    ${pythonString(column.name)}: "${pandasDtype(column)}",`,
  );
  return `{\n${entries.join('\n')}\n}`;
}

function pythonTuple(items: readonly string[]): string {
  return `(${items.map(pythonString).join(', ')}${items.length === 1 ? ',' : ''})`;
}

/** Text for a `#` comment: a newline in it would end the comment and start code. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/**
 * The script's fixed part. Written for the API as eve-api.md describes it: the page size is
 * clamped to 50 (read from `_meta`), an `_id` string in `where` is compared as an ObjectId, and
 * `sort=_id` with `_id > last` walks the `_id` index without deep skips.
 */
const SCRIPT_BODY = String.raw`PAGE_SIZE = 50  # the API's largest page; asking for more gets 50
RETRIES = 5


def page_where(last_id):
    """The query, restricted to records after last_id (keyset paging on _id)."""
    if last_id is None:
        return WHERE
    after = {"_id": {"$gt": last_id}}
    if WHERE is None:
        return after
    if "_id" in WHERE:
        return {"$and": [WHERE, after]}
    return {**WHERE, **after}


def get_page(session, last_id):
    params = {"sort": "_id", "max_results": PAGE_SIZE}
    where = page_where(last_id)
    if where is not None:
        params["where"] = json.dumps(where, separators=(",", ":"), ensure_ascii=False)
    url = SOURCE + "/" + MODALITY
    for attempt in range(RETRIES):
        try:
            response = session.get(url, params=params, timeout=180)
            if response.status_code < 500:
                response.raise_for_status()
                # Every JSON number as a double, as the app (JavaScript) reads them.
                return response.json(parse_int=float)
            problem = "HTTP %d" % response.status_code
        except (requests.ConnectionError, requests.Timeout) as error:
            problem = str(error)
        if attempt == RETRIES - 1:
            sys.exit("The API did not answer (%s): %s" % (problem, url))
        time.sleep(2 ** attempt)


def fetch_records():
    records = []
    last_id = None
    total = None
    with requests.Session() as session:
        while True:
            body = get_page(session, last_id)
            items = body["_items"]
            if total is None:
                total = int(body["_meta"]["total"])
            for item in items:
                if last_id is not None and item["_id"] <= last_id:
                    sys.exit("The API returned records out of _id order; stopped at %s." % item["_id"])
                records.append(item)
                last_id = item["_id"]
            print("%d of %d records" % (len(records), total), file=sys.stderr)
            if len(items) < int(body["_meta"]["max_results"]) or not items:
                break
    if len(records) != total:
        print("Note: the API counted %d records at the start and %d were read "
              "(records were added or removed meanwhile)." % (total, len(records)), file=sys.stderr)
    return records


def flatten(record):
    """Dot paths to leaves, as pandas.json_normalize names them; _links is not data."""
    out = {}

    def nested(prefix, value):
        for key, inner in value.items():
            if isinstance(inner, dict):
                nested(prefix + key + ".", inner)
            else:
                out[prefix + key] = inner

    for key, value in record.items():
        if not isinstance(value, dict):
            out[key] = value
    for key, value in record.items():
        if isinstance(value, dict) and key != "_links":
            nested(key + ".", value)
    return out


FORMULA_START = re.compile(r"[=+\-@\t\r]")


def neutralise(text):
    """A text a spreadsheet would run as a formula gets a leading ' (OWASP CSV injection)."""
    return "'" + text if FORMULA_START.match(text) else text


def js_number(value):
    """A double as JavaScript's String() writes it: the shortest text that reads back exactly."""
    value = float(value)
    if math.isnan(value):
        return ""
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    power = int(exponent or 0) - len(fraction)
    stripped = digits.rstrip("0")
    power += len(digits) - len(stripped)
    digits = stripped
    k = len(digits)
    n = k + power  # value = 0.digits * 10**n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        text = (digits[0] + ("." + digits[1:] if k > 1 else "")
                + "e" + ("+" if e >= 0 else "-") + str(abs(e)))
    return sign + text


def js_json(value):
    """JSON text as JavaScript's JSON.stringify writes it (no spaces, numbers as js_number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(js_json(item) for item in value) + "]"
    return "{" + ",".join(json.dumps(str(key), ensure_ascii=False) + ":" + js_json(item)
                          for key, item in value.items()) + "}"


def cell_text(value):
    """The app's cell text: numbers as JavaScript writes them, text neutralised, lists as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, str):
        return neutralise(value)
    return neutralise(js_json(value))


NEEDS_QUOTES = re.compile("[\"\r\n\ufeff" + re.escape(DELIMITER) + "]|^ | $")


def field(text, columns):
    # A one-column file quotes an empty cell: an empty line would be skipped by readers.
    if NEEDS_QUOTES.search(text) or (columns == 1 and text == ""):
        return '"' + text.replace('"', '""') + '"'
    return text


# A lone UTF-16 surrogate (possible in JSON text) is written as U+FFFD, as browsers encode it.
codecs.register_error("replace_surrogate",
                      lambda error: (b"\xef\xbf\xbd" * (error.end - error.start), error.end))


def write_rows(path, rows):
    width = len(COLUMNS)
    with open(path, "w", encoding="utf-8", errors="replace_surrogate", newline="") as out:
        out.write(DELIMITER.join(field(neutralise(name), width) for name in COLUMNS) + NEWLINE)
        for row in rows:
            out.write(DELIMITER.join(field(cell_text(row.get(name)), width) for name in COLUMNS)
                      + NEWLINE)


def main():
    records = fetch_records()
    write_rows(OUTPUT, (flatten(record) for record in records))
    # The same file as a DataFrame with each column's type, for the rest of your analysis.
    frame = pd.read_csv(OUTPUT, sep=DELIMITER, dtype=DTYPES, keep_default_na=False,
                        na_values=[""], float_precision="round_trip")
    print("Wrote %d records x %d columns to %s" % (len(frame), len(COLUMNS), OUTPUT),
          file=sys.stderr)


if __name__ == "__main__":
    main()
`;
