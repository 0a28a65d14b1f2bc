/**
 * A node's visitor counts: page views and the like from POST /api/visit,
 * games per quiz from the game, tallied in memory and added to the database
 * every minute and when the node stops. The operator's report and CSV add
 * this node's counts first, so they are current on one node and at most a
 * minute behind for the others'.
 */
import type { CountKind, VisitorsReport } from '../../protocol/visits.js';
import type { Logger } from '../log.js';
import type { DailyCountStore } from './daily-count-store.js';
import { dayOf, DailyTally } from './daily-tally.js';

const FLUSH_EVERY_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface VisitCounterOptions {
  log: Logger;
  /** ms since the epoch; tests pass their own. */
  clock?: () => number;
}

export class VisitCounter {
  private readonly tally = new DailyTally();
  private readonly clock: () => number;
  private store: DailyCountStore | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Flushes one after another, so that a failed one puts its rows back before the next takes. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: VisitCounterOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Counts one of `kind` today. */
  count(kind: CountKind, key: string): void {
    this.tally.add(dayOf(this.clock()), kind, key);
  }

  /** Stores the counts from now on, every minute; until then they wait in memory. */
  attach(store: DailyCountStore): void {
    this.store = store;
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) =>
        this.options.log.warn({ err }, 'could not store the visitor counts; kept for the next try'),
      );
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /** Adds what was counted to the database; on failure the counts are kept for the next flush. */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      const store = this.store;
      if (!store || this.tally.size === 0) return;
      const rows = this.tally.take();
      try {
        await store.add(rows);
      } catch (err) {
        this.tally.putBack(rows);
        throw err;
      }
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** The last `days` days, today included, with this node's latest counts. */
  async report(days: number): Promise<VisitorsReport> {
    const store = await this.flushed();
    const now = this.clock();
    return store.report(dayOf(now - (days - 1) * DAY_MS), dayOf(now));
  }

  async csv(): Promise<string> {
    return (await this.flushed()).csv();
  }

  /** Stops the timer and stores what is left (the node is closing; the database still open). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch((err: unknown) =>
      this.options.log.warn({ err }, 'could not store the last visitor counts'),
    );
  }

  /** The store after this node's counts are in it; a failed flush still lets the operator read. */
  private async flushed(): Promise<DailyCountStore> {
    if (!this.store) throw new Error('the visitor counts are not attached to a database yet');
    await this.flush().catch((err: unknown) =>
      this.options.log.warn({ err }, 'could not store the visitor counts before a report'),
    );
    return this.store;
  }
}
