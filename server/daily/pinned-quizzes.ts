/**
 * The daily quiz of each day, written down before the day begins (table
 * `daily_quizzes`). The rotation deals from the gazetteer's scopes, so a
 * new release or a re-import that adds or drops a scope would deal other
 * quizzes, the day's included: once a day is pinned, every node and every
 * later release keeps its quiz, and a board never changes quiz mid-day.
 * Today and tomorrow are pinned at start and every few minutes (the first
 * node to ask writes them; the primary key keeps the others' out).
 */
import type { Queryable } from '../../db/database.js';
import type { Gazetteer } from '../places/gazetteer.js';
import type { Logger } from '../log.js';
import { oldestKept } from './daily-board-store.js';
import { addDays, dailyDateOf } from './daily-rotation.js';
import type { DailyQuizOf } from './todays-quiz.js';

/** How often the days to come are pinned and the pins read back. */
const PIN_EVERY_MS = 10 * 60 * 1000;

export class PinnedDailyQuizzes {
  /** Date → the scope id pinned for it, for the days kept. */
  private pinned = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Queryable,
    /** The rotation: what a day gets when nothing is pinned for it yet. */
    private readonly rotation: DailyQuizOf,
    private readonly gazetteer: Pick<Gazetteer, 'scope'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The quiz of `date`: the pinned scope when there is one (and the gazetteer still has it), else the rotation's. */
  readonly quizOf: DailyQuizOf = (date) => {
    const dealt = this.rotation(date);
    const scope = this.pinned.get(date);
    if (!dealt || scope === undefined || scope === dealt.scope) return dealt;
    const kept = this.gazetteer.scope(scope);
    if (!kept) return dealt;
    const { id, name, places, population } = kept;
    return { ...dealt, scope: id, name, places, population };
  };

  /** Pins today and tomorrow (where not pinned yet) and reads every kept day's pin. */
  async pin(): Promise<void> {
    const today = dailyDateOf(this.clock());
    for (const date of [today, addDays(today, 1)]) {
      const dealt = this.rotation(date);
      if (!dealt) continue;
      await this.db.query(
        `INSERT INTO daily_quizzes (date, scope) VALUES ($1::date, $2)
         ON CONFLICT (date) DO NOTHING`,
        [date, dealt.scope],
      );
    }
    const rows = await this.db.query<{ date: string; scope: string }>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, scope FROM daily_quizzes
       WHERE date >= $1::date ORDER BY date`,
      [oldestKept(today)],
    );
    this.pinned = new Map(rows.map((row) => [row.date, row.scope]));
  }

  /** Pins now and then every few minutes, until `stop`; a failure is logged and tried again later. */
  start(log: Pick<Logger, 'warn'>): void {
    const pin = () =>
      void this.pin().catch((err: unknown) =>
        log.warn({ err }, 'could not pin the daily quizzes; the rotation answers meanwhile'),
      );
    pin();
    this.timer = setInterval(pin, PIN_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
