/**
 * `npm start` as an operator meets it: the server process comes up on the
 * embedded database, imports on a first start with visible progress, answers
 * /healthz once ready, and stops cleanly on SIGTERM — sent to its own PID or
 * to npm's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { eventually, listeningUrl, spawnScript } from './support/processes.js';
import { testDataDir } from './support/services.js';

async function health(url: string): Promise<number> {
  return (await healthz(url)).status;
}

async function healthz(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `npm start`'s process; resolves once it listens, with the URL it logged. */
async function startServer(dataDir: string) {
  // PORT=0: the system picks a free port, and the server logs the one it got.
  const child = spawnScript('server/main.ts', [], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const url = await listeningUrl(child).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { url, child, output: () => ({ stdout, stderr }) };
}

describe('the server process', () => {
  test('on an imported database it is ready within seconds and stops on SIGTERM', async () => {
    const server = await startServer(testDataDir);
    const status = await eventually(
      async () => ((await health(server.url)) === 200 ? 200 : undefined),
      30_000,
      '/healthz 200',
    );
    expect(status).toBe(200);
    const exit = exited(server.child);
    server.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(server.output().stdout).toMatch(/"msg":"ready"/);
  });

  test('`npm start` stops, port and all, when npm itself gets SIGTERM', async () => {
    // What an operator (or a process manager) does: signal the PID it started.
    // npm passes the signal to its child alone, so the server must be that child.
    const npm = spawn('npm', ['start'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: testDataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await listeningUrl(npm, 90_000).catch((err: unknown) => {
      npm.kill('SIGKILL');
      throw err;
    });
    await eventually(async () => ((await health(url)) === 200 ? true : undefined), 30_000, 'ready');
    const exit = exited(npm);
    npm.kill('SIGTERM');
    await exit;
    const refused = await eventually(
      () =>
        fetch(`${url}/healthz`).then(
          () => undefined,
          () => true as const,
        ),
      10_000,
      'the port to be free',
    );
    expect(refused).toBe(true);
  });

  test('a first start imports the gazetteer with progress, saying "starting" until ready', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'placerace-first-start-'));
    const server = await startServer(dataDir);
    try {
      const seen = new Set<number>();
      const stages: Record<string, unknown>[] = [];
      await eventually(
        async () => {
          const { status, body } = await healthz(server.url);
          seen.add(status);
          if (status === 503) stages.push(body);
          return status === 200 ? status : undefined;
        },
        120_000,
        'the first import',
      );
      expect(seen.has(503)).toBe(true);
      // The starting page tells players how far the import has come.
      const importing = stages.filter((body) => body.stage === 'importing places');
      expect(importing.length).toBeGreaterThan(0);
      const progress = importing.map((body) => body.progress as number);
      expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(Math.max(...progress)).toBeGreaterThan(Math.min(...progress));
      const { stderr } = server.output();
      expect(stderr).toMatch(/Reading GeoNames places/);
      expect(stderr).toMatch(/Imported 193,620 places \(358 big cities added/);
    } finally {
      const exit = exited(server.child);
      server.child.kill('SIGTERM');
      await exit;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
