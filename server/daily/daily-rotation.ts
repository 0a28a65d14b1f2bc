/**
 * Which quiz is the daily quiz of a date: pure, the same answer on every
 * node and every day it is asked. Days count from the launch day (#1) in
 * UTC. The candidates, sorted by id, are dealt in cycles: each cycle is
 * a permutation of them (seeded by the cycle's number), so every candidate
 * comes once per cycle and no day depends on which days were asked before.
 */
import { createHash } from 'node:crypto';

/** Daily quiz #1. */
export const DAILY_LAUNCH_DATE = '2026-12-01';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the rotation deals: a quiz with an id (the scope's) and whatever the caller keeps with it. */
export interface DailyCandidate {
  id: string;
}

export interface DailyPick<C extends DailyCandidate> {
  number: number;
  date: string;
  quiz: C;
}

/** The UTC day of `ms` (ms since the epoch) as YYYY-MM-DD. */
export function dailyDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC at the start of `date`, ms since the epoch. */
export function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The date `days` days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return dailyDateOf(dayStart(date) + days * DAY_MS);
}

/** Whether `date` is a real day written YYYY-MM-DD (not 2026-02-30). */
export function isDailyDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const start = dayStart(date);
  return Number.isFinite(start) && dailyDateOf(start) === date;
}

/** The quiz number of `date`: 1 on the launch day, counting whole UTC days. */
export function dailyNumber(date: string): number {
  return Math.round((dayStart(date) - dayStart(DAILY_LAUNCH_DATE)) / DAY_MS) + 1;
}

/**
 * The daily quiz of `date` among `candidates` (any order); undefined when
 * there are none. Each cycle of `candidates.length` days deals every
 * candidate once, in the order of a keyed hash of cycle and id.
 */
export function dailyQuiz<C extends DailyCandidate>(
  date: string,
  candidates: readonly C[],
): DailyPick<C> | undefined {
  if (candidates.length === 0) return undefined;
  const number = dailyNumber(date);
  const day = number - 1;
  const cycle = Math.floor(day / candidates.length);
  const index = day - cycle * candidates.length;
  return { number, date, quiz: cycleOrder(cycle, candidates)[index]! };
}

/** The order of one cycle: by a key of cycle and id, so it depends on the set of ids, not their order. */
function cycleOrder<C extends DailyCandidate>(cycle: number, candidates: readonly C[]): C[] {
  const keyed = candidates.map((candidate) => ({
    candidate,
    key: `${seededKey(cycle, candidate.id)}:${candidate.id}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.candidate);
}

/** A stable pseudo-random key: SHA-256 is the same everywhere, unlike Math.random. */
function seededKey(cycle: number, id: string): string {
  return createHash('sha256').update(`placerace-daily:${cycle}:${id}`).digest('hex');
}
