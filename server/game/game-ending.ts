/**
 * A finished game, from its last find to the players' results: the places
 * nobody named are listed, the game is saved (tried again while the
 * database comes back) and the room is told, with whether it was saved, so
 * nobody is handed a link to a result that is not there.
 */
import pLimit from 'p-limit';
import type { DailyStanding, GameEnded, Place } from '../../protocol/types.js';
import type { Logger } from '../log.js';
import type { Gazetteer } from '../places/gazetteer.js';
import type { Executed } from '../rooms/room-store.js';
import type { DailyResults, GameArchive, ImpossibleReports, RoomBroadcaster } from './ports.js';

/**
 * The waits before each new try at saving a finished game, after a failed
 * one: a database that is restarting or failing over has about 5 s to come
 * back, while the players read "Saving the results…".
 */
export const SAVE_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 4000];

export type Ended = NonNullable<Executed['ended']>;

export interface GameEndingDeps {
  archive: GameArchive;
  gazetteer: Pick<Gazetteer, 'scope' | 'countriesIn'>;
  broadcaster: RoomBroadcaster;
  impossible: ImpossibleReports;
  log: Logger;
  /** Tests shorten the waits. */
  retryDelaysMs?: readonly number[];
  /** Feature `daily`: where a daily game's entries are written; absent, daily games write none. */
  daily?: DailyResults;
}

/**
 * How many finished games are listed and saved at a time. Rooms that end
 * together (a timed quiz started by many at once) would otherwise all submit
 * their saves in one turn of the event loop, a stall every player feels;
 * queued, each save's work falls between other events, and a room's results
 * wait a few ms more.
 */
export const SAVES_AT_ONCE = 4;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class GameEnding {
  private readonly pending = new Set<Promise<void>>();
  private readonly retryDelaysMs: readonly number[];
  private readonly saving = pLimit(SAVES_AT_ONCE);

  constructor(private readonly deps: GameEndingDeps) {
    this.retryDelaysMs = deps.retryDelaysMs ?? SAVE_RETRY_DELAYS_MS;
  }

  /** Saves and announces a game that has just ended, in the background; once per game, as a room ends once. */
  begin(code: string, ended: Ended): void {
    const done = this.saving(() => this.announce(code, ended)).finally(() =>
      this.pending.delete(done),
    );
    this.pending.add(done);
  }

  /** Resolves once every game that has ended so far is saved and announced. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async announce(code: string, ended: Ended): Promise<void> {
    const message: GameEnded = { results: ended.results, missed: await this.missed(code, ended) };
    const saved = await this.save(code, message);
    const daily = saved ? await this.recordDaily(code, ended) : undefined;
    this.deps.broadcaster.ended(code, { ...message, saved, ...(daily ? { daily } : {}) });
  }

  /** A daily game's entries on the day's board; none when it could not be written (the game is saved). */
  private async recordDaily(code: string, ended: Ended): Promise<DailyStanding[] | undefined> {
    const { results, browsers } = ended;
    if (!results.daily || !this.deps.daily) return undefined;
    try {
      return await this.deps.daily.record(results, browsers ?? {});
    } catch (err) {
      this.deps.log.warn({ err, code, gameId: results.gameId }, 'could not write the daily board');
      return undefined;
    }
  }

  /** The biggest places nobody named; none when they cannot be listed, which must not stop the save. */
  private async missed(code: string, ended: Ended): Promise<Place[]> {
    const { gazetteer, archive, log } = this.deps;
    const scope = gazetteer.scope(ended.results.settings.scope);
    if (!scope) return [];
    try {
      return await archive.largestUnnamed(gazetteer.countriesIn(scope), ended.named, scope.admin1);
    } catch (err) {
      log.warn(
        { err, code, gameId: ended.results.gameId },
        'could not list the places nobody named',
      );
      return [];
    }
  }

  /** Saves a game, trying again after each of the retry delays; whether it was saved. */
  private async save(code: string, message: GameEnded): Promise<boolean> {
    const { gameId } = message.results;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.archive.save(message);
        return true;
      } catch (err) {
        const wait = this.retryDelaysMs[attempt - 1];
        if (wait === undefined) {
          // Never expected: players' text is cleaned at the edge, and an outage had its retries.
          this.deps.impossible.report('a finished game could not be saved', {
            err,
            code,
            gameId,
            attempts: attempt,
          });
          return false;
        }
        this.deps.log.warn({ err, code, gameId, attempt }, 'could not save a game; trying again');
        await sleep(wait);
      }
    }
  }
}
