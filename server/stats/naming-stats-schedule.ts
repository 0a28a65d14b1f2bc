/**
 * Runs the statistics job on a node: once shortly after the node is ready
 * (it counts nothing when no game was saved since the last run), then every
 * hour; a backlog larger than one run's slice is counted a slice a
 * second. Failures are logged, never thrown; a run still going when the
 * next is due is not doubled.
 */
import type { Database } from '../../db/database.js';
import type { Logger } from '../log.js';
import { countNewGames, type NamingRun } from './count-new-games.js';

export const NAMING_STATS_EVERY_MS = 60 * 60 * 1000;
/** After the start: late enough not to add to a node's busy first seconds. */
const FIRST_RUN_AFTER_MS = 30_000;
/** Between the slices of a backlog (count-new-games.ts, GAMES_PER_RUN): the game's queries go first. */
const NEXT_SLICE_AFTER_MS = 1000;

export interface NamingStatsScheduleOptions {
  db: Database;
  log: Logger;
  /** NAMING_STATS_INTERVAL_MS; an hour when absent (tests shorten it). */
  everyMs?: number;
}

export class NamingStatsSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<NamingRun | undefined> | undefined;

  constructor(private readonly options: NamingStatsScheduleOptions) {}

  start(): void {
    if (this.timer) return;
    const every = this.options.everyMs ?? NAMING_STATS_EVERY_MS;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        void this.runNow().then((run) => {
          if (this.timer) schedule(run?.more ? Math.min(every, NEXT_SLICE_AFTER_MS) : every);
        });
      }, ms);
      this.timer.unref();
    };
    schedule(Math.min(every, FIRST_RUN_AFTER_MS));
  }

  /** One run now, or the one already going; undefined when it failed (logged). */
  runNow(): Promise<NamingRun | undefined> {
    this.running ??= countNewGames(this.options.db)
      .then((run) => {
        if (run.games > 0) this.options.log.info(run, 'counted the games people named places in');
        return run;
      })
      .catch((err: unknown) => {
        this.options.log.warn({ err }, 'could not count the saved games for the statistics');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a run that is going, so that the database can close after. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
