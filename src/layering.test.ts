import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, lowest first: a file may import its own unit or any unit of a lower
 * layer, never a higher one, and never a sibling unit of its own layer (one feature importing
 * another, download importing export). A unit is a top-level folder; each folder of
 * src/features is a unit of its own. What sits where is explained in README "Design notes".
 */
const LAYERS: readonly (readonly string[])[] = [
  ['data', 'lib', 'styles.css'], // static data and styles; helpers that import nothing of ours
  ['api', 'frame', 'worker-port'], // pure logic: no React, no IndexedDB
  ['store'], // IndexedDB
  ['download', 'export', 'compare'], // engines, run in workers, reading the store
  ['queries', 'components'], // stored data as TanStack queries; shared UI bits
  ['dataset-view'], // the open dataset and its view, shared by the views
  ['features/*'], // UI by feature
  ['app'], // composition
  ['main.tsx'],
];

/** Packages the pure layers must not touch (they run in Node tests, workers and the page). */
const PURE = new Set(['api', 'frame', 'worker-port']);
const NOT_PURE = /^(react|react-dom|@tanstack\/|idb$|fake-indexeddb)/;

const SRC = resolve(__dirname);

function unitOf(file: string): string {
  const [top, second] = relative(SRC, file).split('/');
  if (top === 'features' && second) return `features/${second}`;
  return second === undefined ? (top ?? '') : (top ?? '');
}

function rankOf(unit: string): number {
  const at = LAYERS.findIndex((units) =>
    units.some((u) => u === unit || (u.endsWith('/*') && unit.startsWith(u.slice(0, -1)))),
  );
  return at === -1 ? Number.NaN : at;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file names: imports, re-exports, import(), and `new URL('./x.worker.ts', …)`. */
function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  const names = info.importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g)) {
    names.push(m[1]!);
  }
  return names;
}

/** The rule each import of `file` breaks, if any. */
function layeringProblems(file: string, imports: readonly string[]): string[] {
  const from = unitOf(file);
  const fromRank = rankOf(from);
  const name = relative(SRC, file);
  const problems: string[] = [];
  // Root files other than main.tsx (this test, vite-env.d.ts) are outside the layers.
  if (Number.isNaN(fromRank)) return problems;
  for (const spec of imports) {
    if (!spec.startsWith('.')) {
      if (PURE.has(from) && NOT_PURE.test(spec)) problems.push(`${name}: pure, imports ${spec}`);
      continue;
    }
    const target = resolve(dirname(file), spec);
    const to = unitOf(target);
    if (to === from) continue;
    const toRank = rankOf(to);
    if (Number.isNaN(toRank)) problems.push(`${name} → ${to}: not in any layer`);
    else if (toRank > fromRank) problems.push(`${name} → ${to}: upward (${from} is below ${to})`);
    else if (toRank === fromRank) problems.push(`${name} → ${to}: sibling units of one layer`);
  }
  return problems;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const isTestSupport = (file: string) => file.endsWith('.test-support.ts');

/** Test-only code is named so (`*.test-support.ts`) and reaches nothing but tests. */
function testSupportProblems(file: string, imports: readonly string[]): string[] {
  const name = relative(SRC, file);
  const problems: string[] = [];
  const forTests = isTest(file) || isTestSupport(file);
  for (const spec of imports) {
    if (/^(vitest|fake-indexeddb)/.test(spec) && !forTests) {
      problems.push(`${name}: imports ${spec} but is not a *.test.ts or *.test-support.ts`);
    }
    if (spec.startsWith('.') && isTestSupport(spec) && !forTests) {
      problems.push(`${name}: app code imports test support ${spec}`);
    }
  }
  return problems;
}

describe('layering of src/', () => {
  it('every top-level folder of src has a layer', () => {
    const tops = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .filter((n) => n !== 'features');
    const features = readdirSync(join(SRC, 'features')).map((n) => `features/${n}`);
    expect([...tops, ...features].filter((u) => Number.isNaN(rankOf(u)))).toEqual([]);
  });

  it('no import goes up a layer or across to a sibling unit (one feature into another)', () => {
    const problems = sourceFiles(SRC).flatMap((file) =>
      layeringProblems(file, importsOf(readFileSync(file, 'utf8'))),
    );
    expect(problems).toEqual([]);
  });

  it('test-only helpers are named *.test-support.ts and used only by tests', () => {
    const problems = sourceFiles(SRC).flatMap((file) =>
      testSupportProblems(file, importsOf(readFileSync(file, 'utf8'))),
    );
    expect(problems).toEqual([]);
    expect(testSupportProblems(join(SRC, 'store/test-db.ts'), ['vitest'])).toEqual([
      'store/test-db.ts: imports vitest but is not a *.test.ts or *.test-support.ts',
    ]);
    expect(
      testSupportProblems(join(SRC, 'store/x.ts'), ['./test-db.test-support.ts']),
    ).toHaveLength(1);
  });

  it('catches what it is meant to catch', () => {
    const at = (path: string) => join(SRC, path);
    expect(layeringProblems(at('features/table/x.tsx'), ['../export/y.tsx'])).toEqual([
      'features/table/x.tsx → features/export: sibling units of one layer',
    ]);
    expect(layeringProblems(at('store/x.ts'), ['../features/table/y.ts'])).toEqual([
      'store/x.ts → features/table: upward (store is below features/table)',
    ]);
    expect(layeringProblems(at('frame/x.ts'), ['react'])).toEqual([
      'frame/x.ts: pure, imports react',
    ]);
    expect(layeringProblems(at('app/x.tsx'), ['../features/table/y.tsx', '../store/z.ts'])).toEqual(
      [],
    );
    expect(
      importsOf(
        "import a from './a.ts';\nexport { b } from '../b.ts';\nconst c = import('./c.tsx');\n" +
          "new Worker(new URL('./d.worker.ts', import.meta.url), { type: 'module' });",
      ),
    ).toEqual(['./a.ts', '../b.ts', './c.tsx', './d.worker.ts']);
  });
});
