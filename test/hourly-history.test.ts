/**
 * The hourly history: one row an hour from every node's samples, recorded
 * once however many nodes run it, exported to CSV. On PGlite and PostgreSQL.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import type { HourRow } from '../protocol/admin.js';
import {
  aggregateHour,
  HOUR_CSV_HEADER,
  HOUR_GRACE_MS,
  HOUR_MS,
  HourlyHistory,
  hourRowsToCsv,
} from '../server/admin/hourly-history.js';
import type { NodeSample } from '../server/admin/node-sample.js';
import { emptyLatency } from '../server/latency-buckets.js';
import { MemorySampleLog, type SampleLog } from '../server/admin/sample-log.js';
import { createLogger } from '../server/log.js';
import { pgliteDatabase, postgresDatabase, type TestDatabase } from './support/databases.js';
import { quietSample } from './support/node-samples.js';
import { describeWith } from './support/services.js';

/** An hour far from the real time, so that nothing a real node records falls near it. */
const HOUR = Date.UTC(2001, 1, 3, 4);
const log = createLogger('silent');

const sample = quietSample;

/** Latency counts with `count` observations in bucket `index`. */
function latencyIn(index: number, count: number): number[] {
  const counts = emptyLatency();
  counts[index] = count;
  return counts;
}

/**
 * Two nodes in one hour. Node a: 90 guesses at 0.75–1 ms; node b: 10 at
 * 7.5–10 ms. Merged, the 95th of 100 lies halfway into b's bucket: 8.75 ms.
 * At the same second a has 5 players and b 7: the peak is 12, though
 * neither node alone ever had more than 10.
 */
function twoNodesHour(hour: number): NodeSample[] {
  return [
    sample('a', hour, {
      guesses: { found: 60, miss: 30 },
      finds: 60,
      errors: { rate_limited: 2, bad_request: 1 },
      gamesStarted: 2,
      playersJoined: 5,
      latency: latencyIn(3, 90),
      players: 5,
      rooms: 3,
    }),
    sample('b', hour, {
      guesses: { taken: 4, repeat: 6 },
      errors: { not_in_room: 1 },
      gamesStarted: 1,
      playersJoined: 7,
      latency: latencyIn(10, 10),
      players: 7,
      rooms: 3,
    }),
    sample('a', hour + 1000, { gamesFinished: 2, players: 10, rooms: 4 }),
    sample('b', hour + 1000, { gamesFinished: 1, players: 0, rooms: 4 }),
    sample('a', hour + HOUR_MS - 1000, { players: 1, rooms: 1 }),
  ];
}

const TWO_NODES_ROW: HourRow = {
  hour: HOUR,
  gamesStarted: 3,
  gamesFinished: 3,
  players: 12,
  guesses: 100,
  finds: 60,
  p95Ms: 8.75,
  errors: 4,
  peakRooms: 4,
  peakPlayers: 12,
};

function parseCsv(text: string): { header: string; rows: Record<string, string>[] } {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header!.split(',');
  return {
    header: header!,
    rows: lines.map((line) => {
      const values = line.split(',');
      return Object.fromEntries(columns.map((column, i) => [column, values[i]!]));
    }),
  };
}

/** A sample log whose readers wait for each other: `parties` nodes reading at the same moment. */
function inStep(target: SampleLog, parties: number): SampleLog {
  let waiting: (() => void)[] = [];
  return {
    append: (sample) => target.append(sample),
    latest: () => target.latest(),
    async between(from, to) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length < parties) return;
        for (const release of waiting) release();
        waiting = [];
      });
      return target.between(from, to);
    },
  };
}

const readCsv = async (path: string) => parseCsv(await readFile(path, 'utf8'));

describe('aggregateHour', () => {
  test('sums the counts over nodes, merges latencies, peaks players per second', () => {
    expect(aggregateHour(twoNodesHour(HOUR), HOUR)).toEqual(TWO_NODES_ROW);
  });

  test('an hour without guesses has no p95', () => {
    expect(aggregateHour([sample('a', HOUR, { players: 2 })], HOUR)).toMatchObject({
      guesses: 0,
      p95Ms: null,
      peakPlayers: 2,
    });
  });
});

test('CSV: the header, then ISO hours and p95 with two decimals or empty', () => {
  const csv = hourRowsToCsv([
    TWO_NODES_ROW,
    { ...TWO_NODES_ROW, hour: HOUR + HOUR_MS, p95Ms: null, guesses: 0 },
  ]);
  expect(csv).toBe(
    'hour,games_started,games_finished,players,guesses,finds,p95_ms,errors,peak_rooms,peak_players\n' +
      '2001-02-03T04:00:00.000Z,3,3,12,100,60,8.75,4,4,12\n' +
      '2001-02-03T05:00:00.000Z,3,3,12,0,60,,4,4,12\n',
  );
});

function describeHistoryOn(describeFn: jest.Describe, target: TestDatabase | undefined): void {
  describeFn(`HourlyHistory on ${target?.name ?? 'PostgreSQL'}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let dir: string;
    let now: number;
    let samples: SampleLog;

    const history = (
      nodeId: string,
      { csvPath = join(dir, nodeId, 'hours.csv'), sampleLog = samples } = {},
    ) => new HourlyHistory({ db, samples: sampleLog, csvPath, nodeId, log, clock: () => now });

    beforeAll(async () => {
      ({ db, dispose } = await target!.openEmpty());
      await migrate(db);
    });
    afterAll(() => dispose());

    beforeEach(async () => {
      await db.exec('DELETE FROM hourly_stats');
      dir = await mkdtemp(join(tmpdir(), 'placerace-hours-'));
      samples = new MemorySampleLog();
      for (const s of twoNodesHour(HOUR)) await samples.append(s);
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    test('records a finished hour once its grace is over, once, and appends it to the CSV', async () => {
      const node = history('a');
      now = HOUR + HOUR_MS + HOUR_GRACE_MS - 1;
      expect(await node.runDue()).toEqual([]);

      now = HOUR + HOUR_MS + HOUR_GRACE_MS;
      expect(await node.runDue()).toEqual([TWO_NODES_ROW]);
      now += 60_000;
      expect(await node.runDue()).toEqual([]);

      const csv = await readCsv(join(dir, 'a', 'hours.csv'));
      expect(csv.header).toBe(HOUR_CSV_HEADER);
      expect(csv.rows).toEqual([
        {
          hour: '2001-02-03T04:00:00.000Z',
          games_started: '3',
          games_finished: '3',
          players: '12',
          guesses: '100',
          finds: '60',
          p95_ms: '8.75',
          errors: '4',
          peak_rooms: '4',
          peak_players: '12',
        },
      ]);
      expect(await node.recent(14)).toEqual([TWO_NODES_ROW]);
      const recordedBy = await db.query<{ recorded_by: string }>(
        'SELECT recorded_by FROM hourly_stats',
      );
      expect(recordedBy).toEqual([{ recorded_by: 'a' }]);
    });

    test('two nodes running at once record the hour once; only the winner appends it', async () => {
      now = HOUR + HOUR_MS + HOUR_GRACE_MS;
      // Both read the samples, so both are past their check for a recorded hour: the insert decides.
      const sampleLog = inStep(samples, 2);
      const [a, b] = [history('a', { sampleLog }), history('b', { sampleLog })];
      const [byA, byB] = await Promise.all([a.runDue(), b.runDue()]);
      expect([...byA, ...byB]).toEqual([TWO_NODES_ROW]);

      const winner = byA.length > 0 ? 'a' : 'b';
      const loser = winner === 'a' ? 'b' : 'a';
      expect((await readCsv(join(dir, winner, 'hours.csv'))).rows).toHaveLength(1);
      await expect(readFile(join(dir, loser, 'hours.csv'), 'utf8')).rejects.toMatchObject({
        code: 'ENOENT',
      });
      expect(await db.query('SELECT hour FROM hourly_stats')).toHaveLength(1);
      expect(await b.recent(14)).toEqual([TWO_NODES_ROW]);
    });

    test('two nodes sharing one CSV file: one header, one line', async () => {
      now = HOUR + HOUR_MS + HOUR_GRACE_MS;
      const shared = join(dir, 'shared', 'hours.csv');
      const sampleLog = inStep(samples, 2);
      await Promise.all([
        history('a', { csvPath: shared, sampleLog }).runDue(),
        history('b', { csvPath: shared, sampleLog }).runDue(),
      ]);
      expect(await readFile(shared, 'utf8')).toBe(hourRowsToCsv([TWO_NODES_ROW]));
    });

    test('catches up the hour before a missed run, skips hours no node sampled, oldest first', async () => {
      const next = HOUR + HOUR_MS;
      await samples.append(sample('b', next + 5000, { players: 3, rooms: 2 }));
      const node = history('a');
      now = next + HOUR_MS + HOUR_GRACE_MS;
      const quiet: HourRow = {
        hour: next,
        gamesStarted: 0,
        gamesFinished: 0,
        players: 0,
        guesses: 0,
        finds: 0,
        p95Ms: null,
        errors: 0,
        peakRooms: 2,
        peakPlayers: 3,
      };
      expect(await node.runDue()).toEqual([TWO_NODES_ROW, quiet]);

      // Two hours on, nothing was sampled in either finished hour.
      now += 2 * HOUR_MS;
      expect(await node.runDue()).toEqual([]);

      const csv = await readCsv(join(dir, 'a', 'hours.csv'));
      expect(csv.rows.map((r) => [r.hour, r.p95_ms])).toEqual([
        ['2001-02-03T04:00:00.000Z', '8.75'],
        ['2001-02-03T05:00:00.000Z', ''],
      ]);
      expect(await node.recent(14)).toEqual([TWO_NODES_ROW, quiet]);
      expect(await node.csv()).toBe(hourRowsToCsv([TWO_NODES_ROW, quiet]));
    });

    test('recent(days) leaves out older hours', async () => {
      now = HOUR + HOUR_MS + HOUR_GRACE_MS;
      const node = history('a');
      await node.runDue();
      now = HOUR + 14 * 24 * HOUR_MS;
      expect(await node.recent(14)).toEqual([TWO_NODES_ROW]);
      now += 1;
      expect(await node.recent(14)).toEqual([]);
    });
  });
}

describeHistoryOn(describe, pgliteDatabase);
describeHistoryOn(describeWith('DATABASE_URL'), postgresDatabase);

describe('start', () => {
  // Native ES modules get Jest's object from import.meta, not as a global.
  const { jest } = import.meta;
  afterEach(() => {
    jest.useRealTimers();
  });

  test('runs every minute; a failing run is logged as a warning, never thrown', async () => {
    jest.useFakeTimers();
    const failure = new Error('database down');
    const db = { query: () => Promise.reject(failure) } as unknown as Database;
    const warnings: unknown[] = [];
    const warnLog = { warn: (fields: unknown) => warnings.push(fields) } as unknown as typeof log;
    const node = new HourlyHistory({
      db,
      samples: new MemorySampleLog(),
      csvPath: join(tmpdir(), 'never-written.csv'),
      nodeId: 'a',
      log: warnLog,
      clock: () => HOUR,
    });
    node.start();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(warnings).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(warnings).toEqual([{ err: failure }]);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(warnings).toHaveLength(2);
    node.stop();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(warnings).toHaveLength(2);
  });
});
