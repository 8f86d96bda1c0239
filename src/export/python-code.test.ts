import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWhere } from '../api/eve-url.ts';
import { toStoredScalar } from '../store/column-codec.ts';
import { flattenRecord, type JsonObject } from '../store/flatten-record.ts';
import { headerLine, unparseRows } from './csv-rows.ts';
import type { TextFormat } from './formats.ts';
import {
  downloadScriptCode,
  type PythonColumn,
  pandasReaderCode,
  pythonString,
} from './python-code.ts';

/**
 * The generated Python is run, not just read: with a python3 that has pandas and requests
 * (Debian's python3-pandas, python3-requests; CI installs them), the script's own writer turns
 * served records into text that must equal the app's export byte for byte, and the reader code
 * must give each column the dtype it states. Without such a python3 those tests say why they
 * skip.
 */

function findPython(modules: string): string | null {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const run = spawnSync(candidate, ['-c', `import ${modules}`], { encoding: 'utf8' });
    if (run.status === 0) return candidate;
  }
  return null;
}

const PYTHON = findPython('ast');
const PANDAS = findPython('pandas, requests');
if (!PYTHON) console.log('python-code.test: no python3 found: the syntax checks are skipped');
if (!PANDAS)
  console.log(
    'python-code.test: no python3 with pandas and requests (apt-get install python3-pandas python3-requests): the run checks are skipped',
  );

const dir = mkdtempSync(join(tmpdir(), 'python-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runPython(python: string, args: string[], input?: string) {
  // No bytecode cache: the tests rewrite a module within the same second.
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  const run = spawnSync(python, args, { encoding: 'utf8', input, cwd: dir, env });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

function parsesAsPython(code: string): void {
  runPython(PYTHON as string, ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], code);
}

/** Served records (JSON text, as the API sends them) with the values that trip writers up. */
const SERVED = [
  String.raw`{"_id": "5a0000000000000000000001", "_created": "Sat, 30 Sep 2017 14:43:11 GMT",
    "cjv": 0.30000000000000004, "snr": -0.0, "big": 1e21, "tiny": 1e-7, "whole": 100.0,
    "huge_int": 12345678901234567890, "min": 5e-324, "max": 1.7976931348623157e308,
    "sixth": 0.000001, "seventh": 1.5e-7, "neg": -1.5, "int": 2,
    "bids_meta": {"Manufacturer": "=HYPERLINK(\"http://x\",\"y\")", "Model": "-2",
      "SliceTiming": [0, 0.5, -1.25, 1e21, 2.0], "Nested": {"Deep": "+1"}, "Empty": {},
      "Flag": true, "Null": null, "Text": "GE, Inc", "Quote": "a \"b\"", "Lines": "l1\nl2\r\nl3",
      "Spaces": " x ", "Unicode": "Größe µs 磁気 🧠", "NA": "NA", "Bom": "\ufeffbom",
      "Quoted": "'=already", "Tab": "\tx", "At": "@x", "Lone": "a\ud800b",
      "Objects": [{"x": 1.0, "y": "z"}, []], "Strings": ["a", "=b"]},
    "provenance": {"software": "mriqc", "version": "23.1.0", "md5sum": "0123456789abcdef0123456789abcdef",
      "settings": {"testing": false}},
    "_links": {"self": {"title": "T1w", "href": "T1w/5a0000000000000000000001"}}}`,
  String.raw`{"_id": "5a0000000000000000000002", "cjv": 3, "snr": "n/a",
    "bids_meta": {"Manufacturer": "Siemens", "we\"ird\nkey\\": 1, "=formula": "x"},
    "provenance": {"software": "mriqc", "version": "22.0.6"}}`,
];

/** What the app writes for served records: stored as the store stores leaves, then its writer. */
function appExport(records: JsonObject[], format: TextFormat) {
  const flat = records.map((record) => {
    const { _links: _, ...rest } = record;
    return flattenRecord(rest);
  });
  const names = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  const cells = names.map((name) => flat.map((row) => toStoredScalar(row[name])));
  const columns: PythonColumn[] = names.map((name, c) => ({
    name,
    type: cells[c]?.every((v) => v === undefined || v === null || typeof v === 'number')
      ? 'number'
      : 'text',
  }));
  return {
    columns,
    text: headerLine(names, format) + unparseRows(cells, 0, records.length, format),
  };
}

/** Runs the script's flatten and writer (not its download) on served records. */
function scriptExport(script: string, served: string[]): Buffer {
  writeFileSync(join(dir, 'crowd_script.py'), script);
  writeFileSync(join(dir, 'served.jsonl'), served.map((s) => s.replace(/\n\s*/g, ' ')).join('\n'));
  runPython(PANDAS as string, [
    '-c',
    [
      'import json, sys',
      'sys.argv = ["crowd_script.py"]',
      'import crowd_script as s',
      'records = [json.loads(line, parse_int=float) for line in open("served.jsonl", encoding="utf-8")]',
      's.write_rows("out.csv", (s.flatten(r) for r in records))',
    ].join('\n'),
  ]);
  return readFileSync(join(dir, 'out.csv'));
}

const script = (columns: PythonColumn[], format: TextFormat, where: JsonObject | null = null) =>
  downloadScriptCode({
    source: 'http://127.0.0.1:5174/api/v1/',
    modality: 'T1w',
    where,
    columns,
    format,
    outputName: 'T1w.csv',
    synthetic: true,
  });

describe('pythonString', () => {
  it.runIf(PYTHON)('reads back as the same text in Python', () => {
    const texts = ['plain', 'a "b" \\ c', 'line\nline\r\t', 'Größe 🧠 \u2028', 'a\ud800b', "'"];
    const out = runPython(PYTHON as string, [
      '-c',
      `import json; print(json.dumps([${texts.map(pythonString).join(', ')}]))`,
    ]);
    expect(JSON.parse(out)).toEqual(texts);
  });
});

describe('downloadScriptCode', () => {
  const records = SERVED.map((s) => JSON.parse(s) as JsonObject);

  it.runIf(PYTHON)('is valid Python, whatever the names, source and filter hold', () => {
    const odd = [{ name: 'a"b\nc\\d \u2028 """', type: 'text' as const }];
    parsesAsPython(script(odd, 'csv', { 'bids_meta.Model': "x\"\n'''", $or: [{ a: 1e21 }] }));
    parsesAsPython(
      downloadScriptCode({
        source: 'http://x/api/v1\n# "',
        modality: 'T1w\nimport os',
        where: null,
        columns: [],
        format: 'tsv',
        outputName: 'a"\nb',
        synthetic: false,
      }),
    );
  });

  it('says the mirror’s records are synthetic, and only then', () => {
    expect(script([], 'csv')).toContain('SYNTHETIC DEMO DATA');
    expect(downloadScriptCode({ ...scriptOptions(), synthetic: false })).not.toContain('SYNTHETIC');
  });

  it.runIf(PANDAS).each(['csv', 'tsv'] as const)(
    'writes the same %s bytes as the app’s export for the same served records',
    (format) => {
      const app = appExport(records, format);
      const written = scriptExport(script(app.columns, format), SERVED);
      // As the browser writes the text: UTF-8, a lone surrogate as U+FFFD.
      const bytes = new TextEncoder().encode(app.text);
      expect(written.toString('utf8')).toBe(new TextDecoder().decode(bytes));
      expect(written.equals(Buffer.from(bytes))).toBe(true);
    },
  );

  it.runIf(PANDAS)('quotes an empty cell in a one-column file, as the app does', () => {
    const served = ['{"_id": "5a0000000000000000000001"}', '{"_id": "5a0000000000000000000002"}'];
    const columns: PythonColumn[] = [{ name: 'bids_meta.Manufacturer', type: 'text' }];
    const text =
      headerLine(['bids_meta.Manufacturer'], 'csv') +
      unparseRows([[undefined, undefined]], 0, 2, 'csv');
    expect(scriptExport(script(columns, 'csv'), served).toString('utf8')).toBe(text);
  });

  it.runIf(PANDAS)(
    'pages on _id after the query’s own conditions, merged as the app merges them',
    () => {
      const wheres: Array<JsonObject | null> = [
        null,
        buildWhere({ software: 'mriqc', versions: ['23.1.0', '22.0.6'] }),
        { _id: { $lt: 'f'.repeat(24) }, size_x: 256 },
      ];
      // One python3 run for all: starting pandas costs a second or two each time.
      const after = { _id: { $gt: '5a0000000000000000000009' } };
      wheres.forEach((where, i) => {
        writeFileSync(join(dir, `paging${i}.py`), script([], 'csv', where));
      });
      const out = runPython(PANDAS as string, [
        '-c',
        [
          'import importlib, json, sys',
          'sys.argv = ["p"]',
          `mods = [importlib.import_module("paging%d" % i) for i in range(${wheres.length})]`,
          'print(json.dumps([[m.page_where(None), m.page_where("5a0000000000000000000009")] for m in mods]))',
        ].join('\n'),
      ]);
      expect(JSON.parse(out)).toEqual(
        wheres.map((where) => [
          where,
          buildWhere({ software: '', versions: [], filter: where }, after),
        ]),
      );
    },
  );
});

function scriptOptions() {
  return {
    source: 'https://mriqc.nimh.nih.gov/api/v1',
    modality: 'T1w',
    where: null,
    columns: [],
    format: 'csv' as const,
    outputName: 'T1w.csv',
    synthetic: true,
  };
}

describe('pandasReaderCode', () => {
  const records = SERVED.map((s) => JSON.parse(s) as JsonObject);

  it.runIf(PYTHON)('is valid Python, whatever the file and column names', () => {
    parsesAsPython(
      pandasReaderCode({
        fileName: 'a"b\nc.csv',
        format: 'tsv',
        columns: [
          { name: '_created', type: 'text' },
          { name: 'x"\n\\', type: 'number' },
        ],
        synthetic: true,
      }),
    );
  });

  it.runIf(PANDAS)('reads the app’s export with the dtypes it states, text kept as written', () => {
    const app = appExport(records, 'csv');
    writeFileSync(join(dir, 'export.csv'), app.text);
    const code = pandasReaderCode({
      fileName: 'export.csv',
      format: 'csv',
      columns: app.columns,
      synthetic: true,
    });
    const out = runPython(PANDAS as string, [
      '-c',
      `${code}\nimport json\nplain = lambda c: [None if pd.isna(v) else v for v in df[c]]\nprint(json.dumps({"dtypes": {k: str(v) for k, v in df.dtypes.items()}, "rows": len(df), "columns": list(df.columns), "cjv": plain("cjv"), "na": plain("bids_meta.NA"), "model": plain("bids_meta.Model"), "created": str(df["_created"][0])}))`,
    ]);
    const read = JSON.parse(out) as {
      dtypes: Record<string, string>;
      rows: number;
      columns: string[];
      cjv: number[];
      na: Array<string | null>;
      model: Array<string | null>;
      created: string;
    };
    expect(read.rows).toBe(2);
    expect(read.columns).toEqual(app.columns.map((c) => c.name));
    for (const column of app.columns) {
      const expected =
        column.name === '_created'
          ? 'datetime64[ns, UTC]'
          : column.type === 'number'
            ? 'float64'
            : 'string';
      expect(read.dtypes[column.name], column.name).toBe(expected);
    }
    expect(read.cjv).toEqual([0.30000000000000004, 3]);
    // A text "NA" is text; a missing cell is missing; a neutralised cell keeps its quote.
    expect(read.na).toEqual(['NA', null]);
    expect(read.model).toEqual(["'-2", null]);
    expect(read.created).toBe('2017-09-30 14:43:11+00:00');
  });

  it.runIf(PYTHON)('reads a Parquet export with read_parquet: the file carries its types', () => {
    const code = pandasReaderCode({
      fileName: 'x.parquet',
      format: 'parquet',
      columns: [
        { name: '_created', type: 'text' },
        { name: 'cjv', type: 'number' },
      ],
      synthetic: false,
    });
    parsesAsPython(code);
    expect(code).toContain('pd.read_parquet("x.parquet")');
    expect(code).not.toContain('read_csv');
    expect(code).toContain('pd.to_datetime(df[name]');
  });
});
