/**
 * The operator's hourly history: every finished hour, the samples of every
 * node are reduced to one `HourRow`, recorded once in `hourly_stats` (the
 * history the dashboard reads, shared by the nodes) and appended to a CSV
 * file, the append-only export for spreadsheets.
 */
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Database } from '../../db/database.js';
import type { HourRow } from '../../protocol/admin.js';
import type { Logger } from '../log.js';
import { addLatency, emptyLatency, latencyQuantile } from '../latency-buckets.js';
import type { NodeSample } from './node-sample.js';
import type { SampleLog } from './sample-log.js';

export const HOUR_MS = 60 * 60 * 1000;
/** Nodes append each second's sample a little after it ends; an hour is aggregated once all are in. */
export const HOUR_GRACE_MS = 10_000;
/** The finished hours each run looks at: the last one, and the one before in case a run was missed. */
const HOURS_LOOKED_BACK = 2;
const RUN_EVERY_MS = 60_000;

export const HOUR_CSV_HEADER =
  'hour,games_started,games_finished,players,guesses,finds,p95_ms,errors,peak_rooms,peak_players';

const sum = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** One hour's row from the samples of that hour, every node's. */
export function aggregateHour(samples: NodeSample[], hour: number): HourRow {
  const latency = emptyLatency();
  const playersBySecond = new Map<number, number>();
  const row: HourRow = {
    hour,
    gamesStarted: 0,
    gamesFinished: 0,
    players: 0,
    guesses: 0,
    finds: 0,
    p95Ms: null,
    errors: 0,
    peakRooms: 0,
    peakPlayers: 0,
  };
  for (const sample of samples) {
    row.gamesStarted += sample.gamesStarted;
    row.gamesFinished += sample.gamesFinished;
    row.players += sample.playersJoined;
    row.guesses += sum(sample.guesses);
    row.finds += sample.finds;
    row.errors += sum(sample.errors);
    addLatency(latency, sample.latency);
    // `rooms` is the store's count, seen alike by every node: not to be added up.
    row.peakRooms = Math.max(row.peakRooms, sample.rooms);
    playersBySecond.set(sample.t, (playersBySecond.get(sample.t) ?? 0) + sample.players);
  }
  row.p95Ms = latencyQuantile(latency, 0.95);
  row.peakPlayers = Math.max(0, ...playersBySecond.values());
  return row;
}

function csvLine(row: HourRow): string {
  return [
    new Date(row.hour).toISOString(),
    row.gamesStarted,
    row.gamesFinished,
    row.players,
    row.guesses,
    row.finds,
    row.p95Ms === null ? '' : row.p95Ms.toFixed(2),
    row.errors,
    row.peakRooms,
    row.peakPlayers,
  ].join(',');
}

/** Rows as a CSV file: the header, then a line a row. */
export function hourRowsToCsv(rows: readonly HourRow[]): string {
  return [HOUR_CSV_HEADER, ...rows.map(csvLine)].map((line) => `${line}\n`).join('');
}

interface HourlyStatsRow {
  hour: number;
  games_started: number;
  games_finished: number;
  players: number;
  guesses: number;
  finds: number;
  p95_ms: number | null;
  errors: number;
  peak_rooms: number;
  peak_players: number;
}

const SELECT_ROWS = `SELECT extract(epoch FROM hour)::float8 * 1000 AS hour, games_started,
  games_finished, players, guesses, finds, p95_ms, errors, peak_rooms, peak_players
  FROM hourly_stats`;

function fromStats(stats: HourlyStatsRow): HourRow {
  return {
    hour: Math.round(stats.hour),
    gamesStarted: stats.games_started,
    gamesFinished: stats.games_finished,
    players: stats.players,
    guesses: stats.guesses,
    finds: stats.finds,
    p95Ms: stats.p95_ms,
    errors: stats.errors,
    peakRooms: stats.peak_rooms,
    peakPlayers: stats.peak_players,
  };
}

export interface HourlyHistoryOptions {
  db: Database;
  samples: SampleLog;
  /** The CSV export; its directory is created when missing. */
  csvPath: string;
  /** Recorded with each row this node wins. */
  nodeId: string;
  log: Logger;
  /** ms since the epoch; tests pass their own. */
  clock?: () => number;
}

export class HourlyHistory {
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  /** Appends of this process one after another, so that a new file gets its header once. */
  private csvWrites: Promise<void> = Promise.resolve();

  constructor(private readonly options: HourlyHistoryOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Records the last finished hours that are not recorded yet and had
   * samples. Every node may run this at once: the database lets one insert
   * win, and only that node appends the row to its CSV file. Returns the
   * rows this call recorded, oldest first.
   */
  async runDue(): Promise<HourRow[]> {
    const { db, samples } = this.options;
    const lastFinished = Math.floor((this.clock() - HOUR_MS - HOUR_GRACE_MS) / HOUR_MS) * HOUR_MS;
    const hours = Array.from(
      { length: HOURS_LOOKED_BACK },
      (_, i) => lastFinished - (HOURS_LOOKED_BACK - 1 - i) * HOUR_MS,
    );
    const known = await db.query<{ hour: number }>(
      `SELECT extract(epoch FROM hour)::float8 * 1000 AS hour FROM hourly_stats
       WHERE hour >= to_timestamp($1::float8 / 1000) AND hour <= to_timestamp($2::float8 / 1000)`,
      [hours[0], hours[hours.length - 1]],
    );
    const recordedBefore = new Set(known.map((k) => Math.round(k.hour)));
    const recorded: HourRow[] = [];
    for (const hour of hours) {
      if (recordedBefore.has(hour)) continue;
      const hourSamples = await samples.between(hour, hour + HOUR_MS);
      if (hourSamples.length === 0) continue;
      const row = aggregateHour(hourSamples, hour);
      if (await this.claim(row)) {
        recorded.push(row);
        await this.appendToCsv(row);
      }
    }
    return recorded;
  }

  /** Runs `runDue` every minute until `stop`; failures are logged, never thrown. */
  start(): void {
    if (this.timer) return;
    let running = false;
    this.timer = setInterval(() => {
      if (running) return;
      running = true;
      this.runDue()
        .catch((err: unknown) =>
          this.options.log.warn({ err }, 'could not record the hourly history'),
        )
        .finally(() => {
          running = false;
        });
    }, RUN_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The rows of the last `days` days, oldest first. */
  async recent(days: number): Promise<HourRow[]> {
    const rows = await this.options.db.query<HourlyStatsRow>(
      `${SELECT_ROWS} WHERE hour >= to_timestamp($1::float8 / 1000) ORDER BY hour`,
      [this.clock() - days * 24 * HOUR_MS],
    );
    return rows.map(fromStats);
  }

  /** The whole history as CSV, from the database: every node's rows, whichever node's file holds them. */
  async csv(): Promise<string> {
    const rows = await this.options.db.query<HourlyStatsRow>(`${SELECT_ROWS} ORDER BY hour`);
    return hourRowsToCsv(rows.map(fromStats));
  }

  /** True when this node's insert won the hour. */
  private async claim(row: HourRow): Promise<boolean> {
    const inserted = await this.options.db.query(
      `INSERT INTO hourly_stats (hour, games_started, games_finished, players, guesses, finds,
         p95_ms, errors, peak_rooms, peak_players, recorded_by)
       VALUES (to_timestamp($1::float8 / 1000), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (hour) DO NOTHING RETURNING hour`,
      [
        row.hour,
        row.gamesStarted,
        row.gamesFinished,
        row.players,
        row.guesses,
        row.finds,
        row.p95Ms,
        row.errors,
        row.peakRooms,
        row.peakPlayers,
        this.options.nodeId,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * The row is already recorded in the database, which no node will record
   * again: a failed append is logged with the row rather than thrown, and
   * `csv()` still has it.
   */
  private appendToCsv(row: HourRow): Promise<void> {
    const { csvPath, log } = this.options;
    const write = async () => {
      await mkdir(dirname(csvPath), { recursive: true });
      const size = await stat(csvPath).then(
        (s) => s.size,
        () => 0,
      );
      await appendFile(csvPath, (size === 0 ? `${HOUR_CSV_HEADER}\n` : '') + `${csvLine(row)}\n`);
    };
    this.csvWrites = this.csvWrites.then(write).catch((err: unknown) => {
      log.error({ err, csvPath, row }, 'could not append an hour to the history file');
    });
    return this.csvWrites;
  }
}
