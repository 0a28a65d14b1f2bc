/**
 * Loads a country's names into the in-process tier when a game starts
 * there, once, so its guesses never wait on the database.
 *
 * Not continents or the world: their names would take hundreds of MB, and
 * the pauses of collecting so big a heap showed in every room's latency
 * (soak test); there a name is cached the first time it is guessed. The
 * composition decides whether there is a preloader at all: on PGlite, whose
 * queries run on the game's thread, a preload would stall every room.
 */
import type { Logger } from '../log.js';
import type { Gazetteer } from '../places/gazetteer.js';
import type { PlaceIndex } from '../places/place-index.js';

export class ScopePreloader {
  private readonly warmed = new Set<string>();
  /** The preloads, queued one after another. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly gazetteer: Pick<Gazetteer, 'scope' | 'countriesIn'>,
    private readonly index: Pick<PlaceIndex, 'preload'>,
    private readonly log: Logger,
  ) {}

  warm(scopeId: string): void {
    const scope = this.gazetteer.scope(scopeId);
    if (!scope || scope.kind !== 'country' || this.warmed.has(scopeId)) return;
    this.warmed.add(scopeId);
    // One scope at a time: several at once (games starting in many countries)
    // kept the event loop busy for seconds, and every room's guesses waited.
    this.queue = this.queue
      .then(() => this.index.preload(this.gazetteer.countriesIn(scope)))
      .catch((err: unknown) => {
        this.warmed.delete(scopeId);
        this.log.warn({ err, scope: scopeId }, 'could not preload a scope');
      });
  }

  /** Resolves once the preloads asked for so far are done (tests). */
  async idle(): Promise<void> {
    await this.queue;
  }
}
