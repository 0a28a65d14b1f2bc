/**
 * `npm run backup` and `npm run restore` as an operator runs them: a game
 * saved on the embedded database, backed up while the server runs (the
 * server makes the dump: no second process may open PGlite's files),
 * restored into a fresh PostgreSQL database, and served from there; daily
 * files rotated to ten, here and on an rclone remote (of type local).
 */
import type { ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DUMP_ARGS, dumpStatements } from '../db/data-dump.js';
import { expiredBackups } from '../db/backups/backup-files.js';
import { call, connectPlayer, disconnectAll, nextEvent } from './support/game-client.js';
import { eventually, listeningUrl, runScript, spawnScript } from './support/processes.js';
import { databaseUrl, describeWith, testDataDir } from './support/services.js';

describe('which backups have had their time', () => {
  test('with ten days kept, the ten newest dates up to today stay; other files are not ours', () => {
    const today = '2026-03-01';
    const dates = [
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-28',
      '2026-03-01',
    ];
    const files = [...dates.map((d) => `placerace-${d}.sql.gz`), 'notes.txt', 'placerace-x.sql.gz'];
    expect(expiredBackups(files, today, 10)).toEqual([
      'placerace-2026-02-18.sql.gz',
      'placerace-2026-02-19.sql.gz',
    ]);
    expect(expiredBackups(files, today, 1)).toHaveLength(5);
  });

  test('a restore runs the rows alone: no session settings, no psql meta-commands', () => {
    const dump = [
      '\\restrict abc',
      'SET statement_timeout = 0;',
      'SET transaction_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      "INSERT INTO public.games (id) VALUES ('SET x = 1;');",
      '\\unrestrict abc',
    ].join('\n');
    expect(dumpStatements(dump).trim()).toBe(
      "INSERT INTO public.games (id) VALUES ('SET x = 1;');",
    );
    expect(DUMP_ARGS).toContain('--exclude-table=public.place_names');
  });
});

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawnScript('server/main.ts', [], {
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: '',
    ...env,
  });
  const url = await listeningUrl(child).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  await eventually(
    async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined),
    60_000,
    'the server to be ready',
  );
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A game of Germany with one find, ended by its host: its id. */
async function playAndSave(url: string): Promise<string> {
  const host = await connectPlayer(url);
  const created = await call(host, 'room:create', { nickname: 'Ana', settings: { scope: 'DE' } });
  expect(created.ok).toBe(true);
  const playing = nextEvent(host, 'room:state', (state) => state.phase === 'playing');
  expect(await call(host, 'game:start', {})).toEqual({ ok: true });
  await playing;
  expect(await call(host, 'guess', { text: 'Dortmund' })).toMatchObject({ ok: true });
  const ended = nextEvent(host, 'game:ended');
  expect(await call(host, 'game:end', {})).toEqual({ ok: true });
  const { results } = await ended;
  disconnectAll();
  return String(results.gameId);
}

async function savedGame(url: string, id: string) {
  const response = await fetch(`${url}/api/games/${encodeURIComponent(id)}`);
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A PostgreSQL database of its own on the server DATABASE_URL names, dropped after. */
async function withFreshDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `placerace_restore_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl!);
  url.pathname = `/${name}`;
  try {
    return await work(url.href);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describeWith('DATABASE_URL')('npm run backup and npm run restore', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'placerace-backup-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a game saved on the embedded database, backed up while the server runs, is served after a restore into a fresh PostgreSQL', async () => {
    const dataDir = join(work, 'data');
    cpSync(testDataDir, dataDir, { recursive: true });
    const backups = join(work, 'from-pglite');
    const backupEnv = { DATA_DIR: dataDir, DATABASE_URL: '', BACKUP_DIR: backups };

    const embedded = await startServer({ ...backupEnv, BACKUP_DATE: '2026-03-01' });
    let id: string;
    let before: Awaited<ReturnType<typeof savedGame>>;
    try {
      id = await playAndSave(embedded.url);
      before = await savedGame(embedded.url, id);
      expect(before.status).toBe(200);
      const backup = await runScript('ops/backup/backup-cli.ts', [], {
        env: { ...backupEnv, BACKUP_DATE: '2026-03-01' },
      });
      expect(backup).toMatchObject({ code: 0 });
      expect(backup.stderr).toMatch(/holds the embedded database: asking it for the backup/);
      expect(backup.stderr).toMatch(/Backup written: .*placerace-2026-03-01\.sql\.gz/);
    } finally {
      await embedded.stop();
    }
    const file = join(backups, 'placerace-2026-03-01.sql.gz');
    expect(existsSync(file)).toBe(true);

    await withFreshDatabase(async (freshUrl) => {
      const env = { env: { DATABASE_URL: freshUrl, REDIS_URL: '' } };
      const restored = await runScript('ops/backup/restore-cli.ts', [file], env);
      expect(restored).toMatchObject({ code: 0 });
      expect(restored.stderr).toMatch(/Restored .*: \d+ saved games \(postgres\)/);
      // Once it holds games, a restore replaces them only when told to.
      const again = await runScript('ops/backup/restore-cli.ts', [file], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/Refused: the database already holds \d+ saved games; --force/);
      expect(await runScript('ops/backup/restore-cli.ts', [file, '--force'], env)).toMatchObject({
        code: 0,
      });

      const server = await startServer({ DATABASE_URL: freshUrl });
      try {
        expect(await savedGame(server.url, id)).toEqual(before);
      } finally {
        await server.stop();
      }
    });
  });

  test('twelve daily backups on twelve dates leave ten, here and on an rclone remote', async () => {
    const dir = join(work, 'daily');
    const remoteDir = join(work, 'remote');
    // Not a backup: rotation leaves it alone.
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const dates = Array.from({ length: 12 }, (_, i) => `2026-04-${String(i + 1).padStart(2, '0')}`);
    for (const date of dates) {
      const result = await runScript('ops/backup/backup-cli.ts', [], {
        env: {
          DATABASE_URL: databaseUrl,
          BACKUP_DIR: dir,
          BACKUP_DATE: date,
          BACKUP_REMOTE: `testlocal:${remoteDir}`,
          // An rclone remote configured the rclone way, from the environment.
          RCLONE_CONFIG_TESTLOCAL_TYPE: 'local',
        },
      });
      expect(result).toMatchObject({ code: 0 });
    }
    const kept = dates.slice(2).map((date) => `placerace-${date}.sql.gz`);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', ...kept]);
    expect(readdirSync(remoteDir).sort()).toEqual(kept);
  });
});
