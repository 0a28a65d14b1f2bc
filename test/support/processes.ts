import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our TypeScript entry points in a new Node process, as npm scripts do. */
export function runScript(
  script: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Finished> {
  const child = spawnScript(script, args, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function spawnScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * A TCP port nobody listened on a moment ago, on the loopback interface.
 * Racy: another process may take it before ours binds it. Only for a child
 * process that cannot tell which port it got; a server in the test's own
 * process listens on port 0 and reads `server.address().port` instead.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The URL of the server `child` runs (server/main.ts), from the JSON line it
 * logs once it listens; rejects with its output if it exits first.
 */
export function listeningUrl(child: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onStdout);
      child.stderr!.off('data', onStderr);
      child.off('exit', onExit);
    };
    const fail = (why: string) => {
      done();
      reject(new Error(`${why}:\n${stdout}\n${stderr}`));
    };
    const onStdout = (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        const url = listeningLine(line);
        if (url) {
          done();
          resolve(url);
          return;
        }
      }
    };
    const onStderr = (chunk: Buffer) => (stderr += chunk.toString());
    const onExit = (code: number | null, signal: string | null) =>
      fail(`the server exited (${signal ?? code}) before it listened`);
    const timer = setTimeout(() => fail(`no "listening" line within ${timeoutMs} ms`), timeoutMs);
    child.stdout!.on('data', onStdout);
    child.stderr!.on('data', onStderr);
    child.once('exit', onExit);
  });
}

function listeningLine(line: string): string | undefined {
  if (!line.includes('"listening"')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined; // a line not complete yet
  }
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
