/**
 * The servers under test as child processes of the load test, on free
 * loopback ports. Owning the process is what lets the tool read the server's
 * CPU and memory from /proc, and guarantees it never drives anything but
 * what it started (or the URLs it was given).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/processes.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** The last lines it wrote, for the error message when it dies. */
  output(): string;
  /** Its exit code (-1 for a signal) once it has exited; undefined while it runs. */
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

/** Every server still running, so that an exit or Ctrl-C takes them down too. */
const running = new Set<ServerProcess>();
const runningChildren = new Set<ChildProcess>();

/** Stops every server still running, politely (SIGTERM, then SIGKILL after 5 s). */
export async function stopChildren(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

/** Kills whatever is left; synchronous, for process 'exit'. */
export function killChildren(): void {
  for (const child of runningChildren) child.kill('SIGKILL');
  runningChildren.clear();
}

export interface StartOptions {
  name: string;
  /** The TypeScript entry point, relative to the repository. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** How long the first start may take: the game server may import the gazetteer. */
  readyTimeoutMs: number;
}

/**
 * Node's own flags for the servers, from SERVER_NODE_ARGS (split on spaces),
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` to profile them: NODE_OPTIONS
 * cannot carry --cpu-prof.
 */
function serverNodeArgs(): string[] {
  return (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** Starts `script` with PORT and HOST set and resolves once GET /healthz answers 200. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // node itself, not npm or a shell: the PID we hold is the server's.
  const child = spawn(process.execPath, [...serverNodeArgs(), '--import', 'tsx', options.script], {
    cwd: REPO_ROOT,
    env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runningChildren.add(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : null);
      runningChildren.delete(child);
      running.delete(server);
      resolve();
    }),
  );

  const server: ServerProcess = {
    name: options.name,
    url,
    pid: child.pid!,
    output: () => tail.join('\n'),
    exitCode: () => exited,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };

  running.add(server);

  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (exited !== undefined)
      throw new Error(
        `${options.name} exited (${exited}) before it was ready:\n${server.output()}`,
      );
    const status = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(
        `${options.name} not ready after ${options.readyTimeoutMs / 1000} s:\n${server.output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The game server as `npm start` runs it, with the per-IP limits (rooms, joins,
 * connections) raised (every player of the swarm comes from 127.0.0.1) and
 * quiet logs. REDIS_URL is left out: one node with its rooms in memory,
 * unless `redisUrl` is given.
 */
function gameServerEnv(options: {
  dataDir: string;
  databaseUrl: string | undefined;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  return {
    ...env,
    DATA_DIR: options.dataDir,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    LOG_LEVEL: 'warn',
    // As `npm start` and the systemd unit run it (package.json): the RSS measured is production's.
    MALLOC_MMAP_THRESHOLD_: '131072',
    CREATES_PER_MINUTE: '100000',
    JOINS_PER_MINUTE: '100000',
    // Every player of the swarm connects from 127.0.0.1.
    CONNECTIONS_PER_ADDRESS: '100000',
  };
}

/** Up to a few minutes: a first start of the game server imports the gazetteer. */
export const GAME_READY_TIMEOUT_MS = 5 * 60_000;

/** Starts the game server (gameServerEnv) and resolves once it is healthy. */
export function startGameServer(
  name: string,
  options: { dataDir: string; databaseUrl: string | undefined },
): Promise<ServerProcess> {
  return startServer({
    name,
    script: 'server/main.ts',
    env: gameServerEnv(options),
    readyTimeoutMs: GAME_READY_TIMEOUT_MS,
  });
}

/**
 * Starts the bare socket.io baseline (baseline-server.ts) with quiet logs and
 * `env` on top, and resolves once it is healthy.
 */
export function startBaselineServer(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  return startServer({
    name: 'baseline server',
    script: 'loadtest/baseline-server.ts',
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    readyTimeoutMs: 60_000,
  });
}

/**
 * Runs a tool's `main` with its servers in tow: they get SIGTERM and a moment
 * to close (the embedded database must not be cut off mid-write) on Ctrl-C,
 * on SIGTERM and when `main` fails; SIGKILL at exit is only for what is left.
 * Exits with `main`'s code.
 */
export function runWithServers(tool: string, main: () => Promise<number>): void {
  process.on('exit', killChildren);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${tool}: ${signal}; stopping the servers\n`);
      void stopChildren().finally(() => process.exit(code));
    });
  }
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`\n${tool}: ${err instanceof Error ? err.message : String(err)}\n`);
      void stopChildren().finally(() => process.exit(1));
    },
  );
}
