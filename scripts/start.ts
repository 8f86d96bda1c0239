import { type ChildProcess, spawn } from 'node:child_process';

/**
 * `npm start`: the mirror with a demo dataset and the app's dev server, side by side.
 * Either one exiting stops the other, so a port clash is reported instead of half-running.
 */
const children: ChildProcess[] = [];

function run(name: string, args: string[]): ChildProcess {
  const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = (line: string) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) console.log(prefix(line));
    });
  }
  child.on('exit', (code) => {
    console.log(prefix(`exited with code ${code}`));
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

function shutdown(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('mirror', ['tsx', 'mirror/main.ts', '--port', '5174']);
run('app', ['vite', '--host', '127.0.0.1', '--port', '5173', '--strictPort']);
console.log('CrowdMRI Explorer: open http://127.0.0.1:5173 (mirror: http://127.0.0.1:5174/api/v1)');
