import type { Queryable } from '../db/database.js';
import { seededRandom } from './random.js';

/** One guess as a player would type it, in the scope of the quiz being played. */
export interface MixedGuess {
  scope: string;
  text: string;
  /** Whether the text was made from a real name (true) or is meant to miss. */
  real: boolean;
  /** The id of the place the text was made from (a real name only). */
  place?: number;
}

export interface GuessMixOptions {
  count: number;
  /** Share of guesses meant to miss: typos and nonsense. */
  missRate?: number;
  seed?: number;
  /**
   * The scopes guesses are drawn for; by default each guess is for its
   * place's country (70%), continent (20%) or the world (10%).
   */
  scopes?: readonly string[];
}

interface SampledPlace {
  id: number;
  name: string;
  ascii_name: string;
  country: string;
  continent: string;
  population: number;
}

/**
 * A realistic stream of guesses from the real gazetteer: places drawn with
 * probability proportional to their population (so big places recur and
 * collide, as in real races), typed as their name, ASCII name, in lower case
 * or as an alternate name in any language; plus typos and nonsense that miss.
 */
export async function buildGuessMix(
  db: Queryable,
  options: GuessMixOptions,
): Promise<MixedGuess[]> {
  const random = seededRandom(options.seed ?? 1);
  const missRate = options.missRate ?? 0.2;
  const scopeFilter = options.scopes
    ? `WHERE p.country = ANY($1::text[]) OR c.continent = ANY($1::text[]) OR 'world' = ANY($1::text[])`
    : '';
  const places = await db.query<SampledPlace>(
    `SELECT p.id, p.name, p.ascii_name, p.country, c.continent, p.population
     FROM places p JOIN countries c ON c.code = p.country ${scopeFilter}`,
    options.scopes ? [options.scopes] : [],
  );
  if (places.length === 0) throw new Error('no places to draw guesses from');
  const cumulative: number[] = [];
  let total = 0;
  for (const place of places) cumulative.push((total += Math.max(place.population, 1)));
  const draw = (): SampledPlace => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return places[low]!;
  };

  const drawn = Array.from({ length: options.count }, draw);
  const alternates = await alternateKeys(db, [...new Set(drawn.map((p) => p.id))]);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const scopeOf = (place: SampledPlace): string => {
    if (options.scopes) {
      const fitting = options.scopes.filter(
        (s) => s === place.country || s === place.continent || s === 'world',
      );
      return pick(fitting);
    }
    const r = random();
    return r < 0.7 ? place.country : r < 0.9 ? place.continent : 'world';
  };

  return drawn.map((place): MixedGuess => {
    const scope = scopeOf(place);
    if (random() < missRate) {
      const text =
        random() < 0.5 ? typo(place.name, random) : nonsense(random, 5 + Math.floor(random() * 8));
      return { scope, text, real: false };
    }
    const r = random();
    const spellings = alternates.get(place.id) ?? [];
    const text =
      r < 0.5
        ? place.name
        : r < 0.65
          ? place.ascii_name
          : r < 0.75 || spellings.length === 0
            ? place.name.toLowerCase()
            : pick(spellings);
    return { scope, text, real: true, place: place.id };
  });
}

async function alternateKeys(db: Queryable, ids: number[]): Promise<Map<number, string[]>> {
  const rows = await db.query<{ place_id: number; key: string }>(
    'SELECT place_id, key FROM place_names WHERE place_id = ANY($1::int[])',
    [ids],
  );
  const keys = new Map<number, string[]>();
  for (const { place_id, key } of rows) {
    const list = keys.get(place_id);
    if (list) list.push(key);
    else keys.set(place_id, [key]);
  }
  return keys;
}

/** A name with one letter doubled and one dropped: close, but not the name. */
function typo(name: string, random: () => number): string {
  const at = 1 + Math.floor(random() * Math.max(1, name.length - 2));
  return name.slice(0, at) + 'qx' + name.slice(at + 1);
}

function nonsense(random: () => number, length: number): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let text = '';
  for (let i = 0; i < length; i++) text += letters[Math.floor(random() * letters.length)];
  return text;
}
