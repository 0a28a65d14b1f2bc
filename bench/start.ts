/**
 * `npm run bench:start [-- --warm N]`: how long `npm start` takes, as an
 * operator meets it. A first start on an empty data directory (migrations and
 * the whole gazetteer's import), then N warm starts (5 by default) on the
 * same directory; for each, the seconds until the first page answers and
 * until GET /healthz says ok. The client is built first, so that no start
 * here pays for a build. Loopback only; every server is stopped at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../test/support/processes.js';
import { percentile } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
/** A start that takes longer than this is a failure, not a figure. */
const START_LIMIT_MS = 5 * 60_000;
const POLL_MS = 25;

const { values: options } = parseArgs({ options: { warm: { type: 'string', default: '5' } } });
const WARM_STARTS = Math.max(1, Math.min(20, Number(options.warm) || 5));

interface StartTime {
  firstPage: number;
  healthy: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** Starts `npm start` on `dataDir`, times it to a first page and to healthy, then stops it. */
async function timeStart(dataDir: string): Promise<StartTime> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const server: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
    detached: true,
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    let firstPage: number | undefined;
    for (;;) {
      const elapsed = performance.now() - started;
      if (elapsed > START_LIMIT_MS) throw new Error(`no healthy server after ${elapsed} ms`);
      if (server.exitCode !== null) throw new Error('the server exited while starting');
      if (firstPage === undefined && (await answers(url))) firstPage = performance.now() - started;
      if (await answers(`${url}/healthz`)) {
        const healthy = performance.now() - started;
        return { firstPage: firstPage ?? healthy, healthy };
      }
      await sleep(POLL_MS);
    }
  } finally {
    // npm and the server form a process group of their own: stop the whole group, and wait
    // until every process of it is gone (npm may leave before the server has closed its database).
    process.kill(-server.pid!, 'SIGINT');
    await exited;
    while (groupAlive(server.pid!)) await sleep(POLL_MS);
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main() {
  console.error('building the client if its sources changed…');
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-client.js')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the client did not build');
  const dataDir = mkdtempSync(join(tmpdir(), 'placerace-bench-start-'));
  try {
    console.error('first start (empty data directory: migrations and the import)…');
    const first = await timeStart(dataDir);
    const warm: StartTime[] = [];
    for (let i = 1; i <= WARM_STARTS; i++) {
      console.error(`warm start ${i} of ${WARM_STARTS}…`);
      warm.push(await timeStart(dataDir));
    }
    const healthy = warm.map((w) => w.healthy).sort((a, b) => a - b);
    const firstPages = warm.map((w) => w.firstPage).sort((a, b) => a - b);
    console.log('npm start on the embedded database (PGlite), this machine:');
    console.log(
      `first start: first page ${seconds(first.firstPage)}, healthy ${seconds(first.healthy)}`,
    );
    console.log(
      `warm starts (${WARM_STARTS}): healthy median ${seconds(percentile(healthy, 50))} ` +
        `(min ${seconds(healthy[0]!)}, max ${seconds(healthy.at(-1)!)}); ` +
        `first page median ${seconds(percentile(firstPages, 50))}`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
