import { normaliseName } from '../../db/gazetteer/normalise.js';
import { MAX_GUESS_TEXT_LENGTH } from '../../protocol/schemas.js';
import { claimable } from './claimable.js';
import type { Gazetteer, Scope } from './gazetteer.js';
import type { Place } from './place.js';
import type { PlaceIndex } from './place-index.js';

/** Longer than any real place name a player would type (Bangkok's full name is 168): the protocol's limit. */
export const MAX_GUESS_LENGTH = MAX_GUESS_TEXT_LENGTH;
/** A qualifier is a division or country name: "Springfield New York", "Victoria British Columbia". */
const MAX_QUALIFIER_WORDS = 4;

export type GuessErrorCode = 'unknown_scope' | 'empty_guess' | 'guess_too_long';

/** A guess that cannot be looked up at all, as opposed to one that names nothing. */
export class GuessError extends Error {
  constructor(
    readonly code: GuessErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GuessError';
  }
}

/**
 * Turns what a player typed into the places it can claim, best first.
 *
 * The whole text is looked up as a name first. When that names nothing in
 * the scope, the text is read as a name followed by a qualifier: after the
 * last comma ("Springfield, IL"), or else its last words ("Springfield IL",
 * "Springfield New York"), longest name first. A qualifier keeps the places
 * whose division code or name, or country code or name, it equals. Last,
 * spaces and hyphens are optional: the text without its spaces is looked up
 * among the names without theirs ("Aizuwakamatsu", "Winstonsalem").
 *
 * Of the places a reading names in the quiz, the text claims those it is
 * the own name of, and the most populous (claimable.ts).
 */
export class GuessResolver {
  constructor(
    private readonly gazetteer: Gazetteer,
    private readonly index: PlaceIndex,
  ) {}

  /**
   * A guess from outside the game (the places CLI): the scope and the length
   * checked here, then `resolveIn`.
   * @throws GuessError for an unknown scope, or a text that is empty or too long.
   */
  async resolveGuess(scopeId: string, text: string): Promise<Place[]> {
    const scope = this.gazetteer.scope(scopeId);
    if (!scope) throw new GuessError('unknown_scope', `unknown scope: ${scopeId.slice(0, 40)}`);
    if (text.length > MAX_GUESS_LENGTH) {
      throw new GuessError('guess_too_long', `a guess has at most ${MAX_GUESS_LENGTH} characters`);
    }
    return this.resolveIn(scope, text);
  }

  /**
   * The places `text` can claim in `scope`, for a guess whose scope (the
   * room's) and length (the protocol's schema) are checked already.
   * @throws GuessError for a text without a letter or a digit.
   */
  resolveIn(scope: Scope, text: string): Place[] {
    const key = normaliseName(text);
    if (key === '') throw new GuessError('empty_guess', 'a guess needs a letter or a digit');

    const whole = this.inScope(scope, this.index.lookup(key));
    if (whole.length > 0) return claimable(key, whole);

    for (const [name, qualifier] of qualifiedReadings(text, key)) {
      const places = this.inScope(scope, this.index.lookup(name));
      const narrowed = places.filter((place) => this.gazetteer.qualifiersOf(place).has(qualifier));
      if (narrowed.length > 0) return claimable(name, narrowed);
    }

    const compact = key.replaceAll(' ', '');
    return claimable(compact, this.inScope(scope, this.index.lookupCompact(compact)), true);
  }

  private inScope(scope: Scope, places: Place[]): Place[] {
    if (scope.kind === 'world') return places;
    return places.filter((place) => this.gazetteer.contains(scope, place));
  }
}

/** The (name key, qualifier key) readings of a guess, most likely first. */
function qualifiedReadings(text: string, key: string): [string, string][] {
  const comma = text.lastIndexOf(',');
  if (comma >= 0) {
    const name = normaliseName(text.slice(0, comma));
    const qualifier = normaliseName(text.slice(comma + 1));
    return name !== '' && qualifier !== '' ? [[name, qualifier]] : [];
  }
  const words = key.split(' ');
  const readings: [string, string][] = [];
  for (
    let split = words.length - 1;
    split >= Math.max(1, words.length - MAX_QUALIFIER_WORDS);
    split--
  ) {
    readings.push([words.slice(0, split).join(' '), words.slice(split).join(' ')]);
  }
  return readings;
}
