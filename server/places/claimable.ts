/**
 * Which of a text's matches it may claim (DESIGN notes: "Matching players
 * trust"). Every accepted name finds its place, in every language, but an
 * alternate name must not farm others: GeoNames carries stray and historical
 * alternate names ("Brooklyn" on Oshkosh, WI; "Paris" on Parys, ZA). A text
 * claims a place when
 * - it is the place's own name (GeoNames' name or ASCII name), or leads it
 *   ("frankfurt" → Frankfurt am Main, Frankfurt (Oder)), or
 * - the place is the most populous match of the text in the quiz, whatever
 *   the name ("Peking" → Beijing, "Cologne" → Köln).
 * Claim order stays most populous first; naming a text again walks the list.
 * The server and the places CLI resolve guesses through this one module.
 */
import { normaliseName } from '../../db/gazetteer/normalise.js';
import type { Place } from './place.js';

/** A place's own name keys (name, ASCII name), normalised once per place object. */
const ownKeys = new WeakMap<Place, readonly string[]>();

function ownKeysOf(place: Place): readonly string[] {
  let keys = ownKeys.get(place);
  if (!keys) {
    keys = [...new Set([normaliseName(place.name), normaliseName(place.asciiName)])];
    ownKeys.set(place, keys);
  }
  return keys;
}

/** Whether `key` is the place's own name or its leading words; `compact` compares without spaces. */
export function isOwnName(place: Place, key: string, compact = false): boolean {
  return ownKeysOf(place).some((own) =>
    compact ? own.replaceAll(' ', '') === key : own === key || own.startsWith(`${key} `),
  );
}

/**
 * The matches of a text in a quiz that it may claim, in claim order: `key`
 * is the text's name key, `matches` every place of the quiz it names, most
 * populous first.
 */
export function claimable(key: string, matches: readonly Place[], compact = false): Place[] {
  const [first, ...rest] = matches;
  if (!first) return [];
  return [first, ...rest.filter((place) => isOwnName(place, key, compact))];
}
