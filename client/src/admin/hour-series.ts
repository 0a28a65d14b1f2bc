/**
 * The last hour, a point a second, as the dashboard's charts draw it: seeded
 * with the server's `admin:hour` on (re)connection, then one point per
 * `admin:frame`. Pure, so it is tested without a browser.
 */
import type { AdminFrame, HourPoint } from '../../../protocol/admin.js';
import { sum } from './format.js';

export const HOUR_MS = 60 * 60 * 1000;
const SECOND_MS = 1000;

/** The chart columns: uPlot's aligned data, times in seconds. */
export interface HourColumns {
  t: number[];
  guesses: number[];
  finds: number[];
  p95: (number | null)[];
  players: number[];
  rooms: number[];
  lagMs: number[];
  rssBytes: number[];
  errors: number[];
}

/**
 * A frame as a point of the hour. The frame's rates are over the last 10 s
 * and its errors over the last minute, where the hour's points count a
 * second each: a live point is smoothed, but in the same unit (per second).
 */
export function pointOfFrame(frame: AdminFrame): HourPoint {
  const { total } = frame;
  return {
    t: Math.floor(frame.at / SECOND_MS) * SECOND_MS,
    guesses: total.guessesPerSecond,
    finds: total.findsPerSecond,
    p95: total.guessLatencyMs.p95,
    players: total.players,
    rooms: sum(frame.roomsByPhase),
    lagMs: total.eventLoopLagMs,
    rssBytes: total.rssBytes,
    errors: sum(total.errorsPerMinute) / 60,
  };
}

export class HourSeries {
  readonly columns: HourColumns = emptyColumns();
  private lastT = -Infinity;

  /** Replaces everything with the server's hour (sent on every connection). */
  seed(points: readonly HourPoint[]): void {
    Object.assign(this.columns, emptyColumns());
    this.lastT = -Infinity;
    for (const point of points) this.add(point);
  }

  append(frame: AdminFrame): void {
    this.add(pointOfFrame(frame));
  }

  get length(): number {
    return this.columns.t.length;
  }

  /** Adds a point after the last; a second already there keeps its point; the hour's oldest go. */
  private add(point: HourPoint) {
    if (point.t <= this.lastT) return;
    this.lastT = point.t;
    const c = this.columns;
    c.t.push(point.t / SECOND_MS);
    c.guesses.push(point.guesses);
    c.finds.push(point.finds);
    c.p95.push(point.p95);
    c.players.push(point.players);
    c.rooms.push(point.rooms);
    c.lagMs.push(point.lagMs);
    c.rssBytes.push(point.rssBytes);
    c.errors.push(point.errors);
    const oldest = (point.t - HOUR_MS) / SECOND_MS;
    let drop = 0;
    while (drop < c.t.length && c.t[drop]! <= oldest) drop++;
    if (drop > 0) for (const column of Object.values(c) as unknown[][]) column.splice(0, drop);
  }
}

function emptyColumns(): HourColumns {
  return {
    t: [],
    guesses: [],
    finds: [],
    p95: [],
    players: [],
    rooms: [],
    lagMs: [],
    rssBytes: [],
    errors: [],
  };
}
