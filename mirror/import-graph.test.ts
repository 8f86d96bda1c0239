import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The mirror's folders are layers: `data/` (documents, collections, the generator) at the
 * bottom, `query/` over it, `http/` over both, and `main.ts`, `bench/`, `testing/` on top. A
 * cycle between files (routes ↔ handlers once) makes each file impossible to read or test
 * without the others, and an upward import blurs what a folder is for; this keeps both out.
 */

const MIRROR = path.dirname(fileURLToPath(import.meta.url));

/** Every TypeScript file of the mirror, as a path relative to it ('http/server.ts'). */
function mirrorFiles(): string[] {
  return readdirSync(MIRROR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith('fixtures'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** The mirror files `file` imports (value or type, static or dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(MIRROR, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name)))
    .filter((target) => !target.startsWith('..'));
}

const GRAPH = new Map(mirrorFiles().map((file) => [file, importsOf(file)]));

/** One import cycle per strongly connected component (Tarjan), as a file chain. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = (graph.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) cycles.push(component.reverse());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** The layer a file belongs to; a file may import only its own layer or lower ones. */
function layerOf(file: string): number {
  if (file.startsWith('data/')) return 0;
  if (file.startsWith('query/')) return 1;
  // cli-options.ts is the server's configuration (what main.ts parses, what http/ obeys).
  if (file.startsWith('http/') || file === 'cli-options.ts') return 2;
  return 3; // main.ts, bench/, testing/
}

describe('mirror imports', () => {
  it('reads every mirror file', () => {
    expect(GRAPH.has('main.ts')).toBe(true);
    expect(GRAPH.get('http/api-dispatch.ts')).toContain('http/routes.ts');
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('has no import cycle', () => {
    expect(importCycles(GRAPH)).toEqual([]);
  });

  it('never imports upward (data/ ← query/ ← http/ ← main.ts, bench/, testing/)', () => {
    const upward: string[] = [];
    for (const [file, targets] of GRAPH) {
      // Tests sit beside their code but may use anything, e.g. testing/'s HTTP client.
      if (file.endsWith('.test.ts')) continue;
      for (const target of targets) {
        if (layerOf(target) > layerOf(file)) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
