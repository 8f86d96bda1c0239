import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, MIRROR_USAGE, parseMirrorArgs } from './cli-options.ts';

const thisFile = fileURLToPath(import.meta.url);

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const parsed = parseMirrorArgs(args, env);
  if (parsed.type !== 'run') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function errorOf(args: string[]): string {
  const parsed = parseMirrorArgs(args, {});
  if (parsed.type !== 'error') throw new Error(`expected an error, got ${parsed.type}`);
  return parsed.message;
}

describe('parseMirrorArgs', () => {
  it('gives the DESIGN.md defaults', () => {
    const o = run([]);
    expect(o).toMatchObject({
      host: '127.0.0.1',
      port: 5174,
      records: { T1w: 20_000, T2w: 2_000, bold: 20_000 },
      recordsGiven: false,
      seed: 42,
      dataFile: null,
      token: DEFAULT_TOKEN,
      pageLimit: 50,
      skipCostNs: 0,
    });
    expect(o.faults).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      failRate: 0,
      failStatus: 503,
      retryAfterS: null,
      dropRate: 0,
      truncateRate: 0,
    });
  });

  it('takes the token from MIRROR_TOKEN unless --token is given', () => {
    expect(run([], { MIRROR_TOKEN: 'from-env' }).token).toBe('from-env');
    expect(run(['--token', 'flag'], { MIRROR_TOKEN: 'from-env' }).token).toBe('flag');
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    const o = run([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--records',
      'T1w=5,bold=7',
      '--seed',
      '9',
      '--data',
      thisFile,
      '--page-limit',
      '100',
      '--skip-cost-ns',
      '25',
      '--latency',
      '10',
      '--jitter=5',
      '--fail-rate',
      '0.2',
      '--fail-status',
      'mixed',
      '--retry-after',
      '3',
      '--drop-rate',
      '0.1',
      '--truncate-rate',
      '.05',
    ]);
    expect(o).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      records: { T1w: 5, T2w: 0, bold: 7 },
      recordsGiven: true,
      seed: 9,
      dataFile: thisFile,
      pageLimit: 100,
      skipCostNs: 25,
    });
    expect(o.faults).toEqual({
      latencyMs: 10,
      jitterMs: 5,
      failRate: 0.2,
      failStatus: 'mixed',
      retryAfterS: 3,
      dropRate: 0.1,
      truncateRate: 0.05,
    });
  });

  it.each([
    ['429', 429],
    ['500', 500],
    ['502', 502],
    ['503', 503],
    ['504', 504],
  ])('accepts --fail-status %s', (value, status) => {
    expect(run(['--fail-status', value]).faults.failStatus).toBe(status);
  });

  it('asks for help on --help and -h', () => {
    expect(parseMirrorArgs(['--port', '1', '--help'], {})).toEqual({ type: 'help' });
    expect(parseMirrorArgs(['-h'], {})).toEqual({ type: 'help' });
    expect(MIRROR_USAGE).toContain('--fail-status');
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['stray'], 'unexpected argument stray'],
    [['--port'], '--port needs a value'],
    [['--port', 'abc'], '--port must be an integer from 0 to 65535 (got "abc")'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535'],
    [['--port', '1.5'], '--port must be an integer'],
    [['--host', ' '], '--host must not be empty'],
    [['--records', 'T1w=10,t2w=3'], 'modalities are case-sensitive; got "t2w=3"'],
    [['--records', 'T1w=10,T1w=3'], '--records names T1w twice'],
    [['--records', 'T1w=-1'], '--records T1w must be an integer from 0 to 5000000'],
    [['--records', 'T1w'], '--records must look like T1w=20000,T2w=2000,bold=20000'],
    [['--seed', '-1'], '--seed must be an integer'],
    [['--data', '/no/such/file.jsonl'], '--data: no such file: /no/such/file.jsonl'],
    [['--data', '/tmp'], '--data: not a file: /tmp'],
    [['--token', 'has space'], '--token must be a non-empty string without spaces'],
    [['--token='], '--token must be a non-empty string without spaces'],
    [['--page-limit', '0'], '--page-limit must be an integer from 1'],
    [['--latency', '-5'], '--latency must be a number from 0'],
    [['--jitter', 'x'], '--jitter must be a number'],
    [['--fail-rate', '1.5'], '--fail-rate must be a number from 0 to 1 (got "1.5")'],
    [['--fail-status', '404'], '--fail-status must be one of 429, 500, 502, 503, 504, mixed'],
    [['--retry-after', '2.5'], '--retry-after must be an integer'],
    [['--drop-rate', 'NaN'], '--drop-rate must be a number'],
    [['--truncate-rate', 'Infinity'], '--truncate-rate must be a number'],
    [['--fail-rate', '0.6', '--drop-rate', '0.5'], 'must not exceed 1 (got 1.1)'],
  ])('refuses %j with a clear message', (args, message) => {
    expect(errorOf(args)).toContain(message);
  });
});

const mainTs = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxCli = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

/** Runs `tsx mirror/main.ts ARGS`, collecting output until it exits or prints the ready line. */
function runMain(
  args: string[],
): Promise<{ code: number | null; out: string; err: string; child: ChildProcess }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsxCli, mainTs, ...args], {
      env: { ...process.env, MIRROR_TOKEN: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/mirror listening on /.test(out)) resolve({ code: null, out, err, child });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, out, err, child }));
  });
}

describe('mirror/main.ts', () => {
  it('prints the ready line with the real port, a data summary and the token', async () => {
    const run = await runMain(['--port', '0', '--records', 'T1w=12,T2w=0,bold=3', '--seed', '4']);
    try {
      const match = /^mirror listening on (http:\/\/127\.0\.0\.1:(\d+)\/api\/v1)$/m.exec(run.out);
      expect(match, run.out + run.err).not.toBeNull();
      expect(run.out).toMatch(
        /mirror data: bold 3, T1w 12, T2w 0, nipype_telemetry 0, rating 0 records \(synthetic, seed 4;/,
      );
      expect(run.out).toContain(`mirror token for HEAD and POST: ${DEFAULT_TOKEN}`);
      const res = await fetch(`${match![1]}/T1w?max_results=1`);
      expect((await res.json())._meta.total).toBe(12);
    } finally {
      run.child.kill('SIGTERM');
    }
  });

  it('exits with code 2 and a clear message on a bad option', async () => {
    const run = await runMain(['--fail-rate', '2']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('mirror: --fail-rate must be a number from 0 to 1 (got "2")');
    expect(run.err).toContain('--help');
  });

  it('exits with code 2 naming the line of a malformed --data file', async () => {
    const file = join(tmpdir(), `mirror-bad-${process.pid}.jsonl`);
    writeFileSync(file, '{"rating": "good", "md5sum": "x"}\n{not json\n');
    const run = await runMain(['--data', file, '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${file}:2`);
  });

  it('prints the usage on --help and exits 0', async () => {
    const run = await runMain(['--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Usage: npm run mirror -- [options]');
  });
});
