/**
 * The Pages workflow's build job, run here: every `run:` step of .github/workflows/pages.yml's
 * `build` job, read from the file, in its order, with the job's env; then what
 * upload-pages-artifact does (a tar of dist/). Steps named `[ci]` (installing Chromium as root in
 * the CI container) are skipped, saying so; `--skip "Step name"` skips another, saying so.
 *
 *   npx tsx scripts/pages-dry-run.ts [--skip "End-to-end tests"]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WorkflowStep {
  readonly name: string;
  readonly run: string;
}

/**
 * The `run:` steps and `env:` of one job, from the workflow's text. Reads the simple shape
 * pages.yml keeps (one-line `run:` and `env:` values); a multi-line `run: |` is refused rather
 * than misread.
 */
export function readJob(
  yaml: string,
  job: string,
): { env: Record<string, string>; steps: WorkflowStep[] } {
  const lines = yaml.split('\n');
  const start = lines.indexOf(`  ${job}:`);
  if (start < 0) throw new Error(`No job "${job}" in the workflow.`);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
  const body = lines.slice(start + 1, end < 0 ? undefined : end);
  const env: Record<string, string> = {};
  const steps: WorkflowStep[] = [];
  let section = '';
  let name = '';
  for (const line of body) {
    const key = /^ {4}(\w[\w-]*):/.exec(line);
    if (key) section = key[1] ?? '';
    const envLine = /^ {6}(\w+): '?([^']*)'?$/.exec(line);
    if (section === 'env' && envLine) env[envLine[1] ?? ''] = envLine[2] ?? '';
    if (section !== 'steps') continue;
    if (/^ {6}- /.test(line)) name = '';
    const named = /^ {6}- name: (.+)$/.exec(line);
    if (named) name = named[1] ?? '';
    const run = /^ {8}run: (.*)$/.exec(line);
    if (run) {
      if (/^[|>]/.test(run[1] ?? ''))
        throw new Error(`Step "${name}": multi-line run is not read.`);
      steps.push({ name: name || (run[1] ?? ''), run: run[1] ?? '' });
    }
  }
  return { env, steps };
}

if (process.argv[1] && import.meta.filename.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const root = join(import.meta.dirname, '..');
  const skip = new Set<string>();
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) if (args[i] === '--skip') skip.add(args[++i] ?? '');
  const { env, steps } = readJob(
    readFileSync(join(root, '.github/workflows/pages.yml'), 'utf8'),
    'build',
  );
  const started = Date.now();
  for (const [i, step] of steps.entries()) {
    const label = `[${i + 1}/${steps.length}] ${step.name}`;
    if (step.name.includes('[ci]') || skip.has(step.name)) {
      console.log(
        `${label}: skipped here (${step.name.includes('[ci]') ? 'CI container only' : '--skip'}): ${step.run}`,
      );
      continue;
    }
    console.log(`${label}: ${step.run}`);
    const result = spawnSync('sh', ['-c', step.run], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env, CI: process.env.CI ?? '' },
    });
    if (result.status !== 0) {
      console.error(
        `pages-dry-run: "${step.name}" failed (exit ${result.status}); the workflow would stop here.`,
      );
      process.exit(1);
    }
  }
  // actions/upload-pages-artifact: a tar of dist/ (it refuses symlinks and hard links).
  const out = mkdtempSync(join(tmpdir(), 'pages-artifact-'));
  const tar = join(out, 'artifact.tar');
  execFileSync('tar', [
    '--dereference',
    '--hard-dereference',
    '--directory',
    join(root, 'dist'),
    '-cf',
    tar,
    '.',
  ]);
  const files = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.endsWith('/'));
  console.log(
    `upload-pages-artifact (dry run): ${files.length} files, ${(statSync(tar).size / 1e6).toFixed(1)} MB`,
  );
  rmSync(out, { recursive: true });
  console.log(
    `pages-dry-run: the build job's steps passed in ${Math.round((Date.now() - started) / 1000)} s.`,
  );
}
