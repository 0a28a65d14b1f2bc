/**
 * What the game-latency bench types: every German place's name, read once
 * from the gazetteer before the game server opens it, split between the
 * bots that fill the room and the measured player, whose guesses must come
 * out as planned (a hit, a taken place, a miss) whatever the bots did.
 */
import type { Queryable } from '../db/database.js';
import { normaliseName } from '../db/gazetteer/normalise.js';

/** Names kept for the measured player's hits, more than all phases use. */
const RESERVED_HITS = 200;
/** Taken names come from the bots' first names, claimed long before the first phase. */
const TAKEN_FROM_FIRST = 300;

export interface GuessNames {
  /** What the bots name, most populous place first. A name two places share comes twice. */
  bots: string[];
  /** Names only the measured player types, each naming one open place: a find. */
  hits: string[];
  /** Names among the bots' first, each naming one place: taken once the room is filled. */
  taken: string[];
  /** Misspelt names that name nothing: a miss. */
  misses: string[];
}

interface Row {
  name: string;
  /** No other German place answers to any of this place's names (alternate names included). */
  alone: boolean;
}

/**
 * A place that is `alone` can be claimed by its own name only, so the bots
 * cannot take a hit away by naming a neighbour with a shared alternate name,
 * and a taken one was certainly claimed when the bots named it.
 */
export async function readGuessNames(db: Queryable): Promise<GuessNames> {
  const rows = await db.query<Row>(`
    WITH de AS (SELECT id, name, population FROM places WHERE country = 'DE'),
    keys AS (SELECT n.key, n.place_id FROM place_names n JOIN de ON de.id = n.place_id),
    shared AS (
      SELECT DISTINCT a.place_id FROM keys a
      JOIN keys b ON b.key = a.key AND b.place_id <> a.place_id
    )
    SELECT de.name, de.id NOT IN (SELECT place_id FROM shared) AS alone
    FROM de ORDER BY de.population DESC, de.id`);
  // The hits are the smallest places, which the bots would reach last anyway.
  const hitRows = rows.filter((row) => row.alone).slice(-RESERVED_HITS);
  const reserved = new Set(hitRows);
  const botRows = rows.filter((row) => !reserved.has(row));
  const taken = botRows.slice(0, TAKEN_FROM_FIRST).filter((row) => row.alone);
  const misses = await missesOf(
    db,
    botRows.map((row) => row.name),
  );
  return {
    bots: botRows.map((row) => row.name),
    hits: hitRows.reverse().map((row) => row.name),
    taken: taken.map((row) => row.name),
    misses,
  };
}

/**
 * A player's typo: two letters in the middle swapped ("Hambrug"). Only
 * one-word names, whose misspelling cannot be read as a name and a qualifier,
 * and only those no place answers to.
 */
async function missesOf(db: Queryable, names: readonly string[]): Promise<string[]> {
  const typos = names
    .filter((name) => /^\p{L}{6,}$/u.test(name))
    .slice(0, 400)
    .map((name) => {
      const i = Math.floor(name.length / 2);
      return name.slice(0, i - 1) + name[i] + name[i - 1] + name.slice(i + 1);
    });
  const known = await db.query<{ key: string }>(
    'SELECT DISTINCT key FROM place_names WHERE key = ANY($1)',
    [typos.map(normaliseName)],
  );
  const existing = new Set(known.map((row) => row.key));
  return typos.filter((typo) => !existing.has(normaliseName(typo)));
}
