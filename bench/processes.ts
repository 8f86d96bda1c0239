import { type ChildProcess, spawn } from 'node:child_process';
import { log, sleep } from './stats.ts';

/**
 * Child processes (mirrors, vite) each run in their own process group, so stopping one also
 * stops what it spawned (npx → sh → tsx → node, and the mirror's re-exec with a bigger heap).
 * Every started group is remembered until stopped, and an exit hook kills whatever is left,
 * also when the runner fails or is interrupted.
 */
const live = new Set<ChildProcess>();

export interface Started {
  child: ChildProcess;
  /** The last lines of its output, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves when the process is ready; defaults to "printed a line matching readyLine". */
  readyLine?: RegExp;
  ready?: () => Promise<boolean>;
  timeoutMs: number;
  /** Echo the child's output to stderr (BENCH_VERBOSE=1 does it for every child). */
  verbose?: boolean;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  killGroup(child, 'SIGTERM');
  const done = await Promise.race([
    exited(child).then(() => true),
    sleep(graceMs).then(() => false),
  ]);
  if (!done) {
    killGroup(child, 'SIGKILL');
    await Promise.race([exited(child), sleep(2000)]);
  }
  // The group leader may exit before its children: make sure none outlive it.
  killGroup(child, 'SIGKILL');
  live.delete(child);
}

/** Starts a command in its own process group and waits until it is ready (or fails, or times out). */
export async function startProcess(o: StartOptions): Promise<Started> {
  const child = spawn(o.command, o.args, {
    env: { ...process.env, ...o.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const lines: string[] = [];
  const verbose = o.verbose || process.env.BENCH_VERBOSE === '1';
  let sawReady = false;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (verbose) process.stderr.write(`  [${o.name}] ${line}\n`);
      if (o.readyLine?.test(line)) sawReady = true;
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const started: Started = {
    child,
    tail: () => lines.join('\n'),
    stop: () => stopChild(child),
  };
  const deadline = Date.now() + o.timeoutMs;
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) {
      live.delete(child);
      throw new Error(
        `${o.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${started.tail()}`,
      );
    }
    if (sawReady || (o.ready && (await o.ready()))) return started;
    if (Date.now() > deadline) {
      await started.stop();
      throw new Error(`${o.name} was not ready within ${o.timeoutMs / 1000} s:\n${started.tail()}`);
    }
    await sleep(100);
  }
}

/** Runs a command to completion (e.g. the build); rejects on a non-zero exit or the time limit. */
export async function runToEnd(o: Omit<StartOptions, 'readyLine' | 'ready'>): Promise<void> {
  const child = spawn(o.command, o.args, {
    env: { ...process.env, ...o.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const out: string[] = [];
  const keep = (chunk: Buffer) => {
    out.push(chunk.toString());
    if (o.verbose || process.env.BENCH_VERBOSE === '1') process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const timer = setTimeout(() => {
    log(`${o.name} took over ${o.timeoutMs / 1000} s: stopping it`);
    void stopChild(child);
  }, o.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  live.delete(child);
  if (code !== 0) throw new Error(`${o.name} failed (exit ${code}):\n${out.join('').slice(-4000)}`);
}

/** Stops every process still running (used by the runner's finally and signal handlers). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => stopChild(child)));
}

process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
