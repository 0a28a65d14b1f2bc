/**
 * Counts in memory, per UTC day, kind and key, until they are taken to be
 * added to the database: a page view costs a map update, not a query.
 */
import { OTHER, type CountKind } from '../../protocol/visits.js';

/** One row of `daily_counts` (and of the CSV). */
export interface DailyCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  kind: CountKind;
  key: string;
  count: number;
}

/**
 * Distinct keys of one kind and day held between two flushes; further keys
 * are counted as `(other)`, so that made-up referrers cannot fill the memory.
 * Pages, browsers and screens have a handful of keys, quizzes some 260.
 */
export const MAX_KEYS_PER_KIND = 500;

/** The UTC day of a time, YYYY-MM-DD. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export class DailyTally {
  private counts = new Map<string, DailyCount>();
  /** Distinct keys per day and kind, for the cap. */
  private keys = new Map<string, number>();

  add(day: string, kind: CountKind, key: string, count = 1): void {
    const row = this.counts.get(`${day}|${kind}|${key}`);
    if (row) {
      row.count += count;
      return;
    }
    const distinct = this.keys.get(`${day}|${kind}`) ?? 0;
    if (distinct >= MAX_KEYS_PER_KIND && key !== OTHER) return this.add(day, kind, OTHER, count);
    this.keys.set(`${day}|${kind}`, distinct + 1);
    this.counts.set(`${day}|${kind}|${key}`, { day, kind, key, count });
  }

  /** Everything counted since the last take, and an empty tally. */
  take(): DailyCount[] {
    const rows = [...this.counts.values()];
    this.counts = new Map();
    this.keys = new Map();
    return rows;
  }

  /** Puts back what could not be stored, to be added with what came meanwhile. */
  putBack(rows: readonly DailyCount[]): void {
    for (const row of rows) this.add(row.day, row.kind, row.key, row.count);
  }

  get size(): number {
    return this.counts.size;
  }
}
