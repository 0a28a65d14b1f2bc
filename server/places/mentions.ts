/**
 * The places a chat message names in a quiz, read the way a guess is
 * (resolve-guess.ts): each word of the message, and each run of two or three
 * words in a row ("new york", "frankfurt am main"), is looked up as if a
 * player had typed it in the guess field, and the places it would claim are
 * its mentions. The room then holds a message that names a place nobody has
 * found yet (server/rooms/chat.ts).
 *
 * Words that carry no name by themselves are skipped: the very short
 * ("ok", "gg", "la") and the most common words of a chat ("nice", "well",
 * "good game"), many of which are also the name of some village. A run is
 * looked up unless every word of it is such a word: "the hague" is, "the
 * end" is not.
 *
 * Nor are the names of the room's own people: "nice one ben" speaks to Ben,
 * though "ben" alone would be read as Bern. A run is skipped when it lies
 * whole inside one player's or spectator's nickname (folded the same way),
 * word for word: with a "Ben" in the room "ben" names him; with a "Big Ben",
 * so do "big", "ben" and "big ben". A run that goes beyond the nickname is
 * still read, so a place that merely shares a nickname's word stays fair:
 * with a "York" in the room, "new york" is held as before. What the skip lets
 * through is a place named exactly like someone in the room, and that name is
 * on everyone's screen already, on the scoreboard and in the chat.
 */
import { normaliseName } from '../../db/gazetteer/normalise.js';
import type { Scope } from './gazetteer.js';
import { GuessError, type GuessResolver } from './resolve-guess.js';

/** The longest run of words looked up as one name. */
const MAX_RUN = 3;
/** Words shorter than this name nothing by themselves. */
const MIN_WORD_LENGTH = 3;

/**
 * Common words of a chat in the languages players are likeliest to chat
 * in, and the words of geography a race is talked about in ("north",
 * "the coast"), normalised (no accents, lower case). Each is skipped alone; a name of
 * several words that holds one is still found ("the hague", "bad homburg").
 */
const COMMON_WORDS = new Set(
  `
  the and for you are was not but all any can had her his him has have how its our out
  who why yes yeah yep nope now new one two too off own get got let say see she use way
  what when where which while will with would could should this that there their them then
  they these those from into just like more most much must only over some such than very
  about after again also back been before being both come does done down each even every
  good great nice well fine cool wow lol lmao omg haha hahaha hehe ggs gg wp glhf thanks thank
  thx please sorry okay ok hello hey hi bye see you soon next last first game games round
  play played playing win won lose lost place places city cities town towns village map
  time left still found find name named names guess here near far big small long short
  almost again fast slow quick hard easy hurry go wait ready start end over done sure maybe
  right wrong true false really love hate think know want need make made take took give try bad
  gave look looks luck lucky close same other another many few lot lots best better worst
  mate mates guys dude bro man brain mind head fun funny cheers idea ideas stuck break
  north south east west northern southern eastern western central middle center centre
  coast river rivers valley lake lakes island islands mountain mountains border capital
  und der die das ein eine ist nicht mit auf den dem des von zu ich du wir ihr sie
  les une est pas avec pour dans sur qui que del los las por con para una
  `
    .split(/\s+/)
    .filter(Boolean),
);

/** Whether a word names nothing by itself (too short, or too common). */
function isFiller(word: string): boolean {
  return word.length < MIN_WORD_LENGTH || COMMON_WORDS.has(word);
}

/**
 * Whether a run (normalised) lies whole inside one of `nicknames` (each
 * normalised and padded with a space at both ends), word for word.
 */
function withinNickname(run: string, nicknames: readonly string[]): boolean {
  return nicknames.some((nickname) => nickname.includes(` ${run} `));
}

/**
 * The runs of one to three words of `text` worth looking up, normalised;
 * none that lies inside one of `nicknames` (the room's people's).
 */
export function nameRuns(text: string, nicknames: readonly string[] = []): string[] {
  const words = normaliseName(text).split(' ').filter(Boolean);
  const people = nicknames.map((nickname) => ` ${normaliseName(nickname)} `);
  const runs = new Set<string>();
  for (let start = 0; start < words.length; start++) {
    for (let length = 1; length <= MAX_RUN && start + length <= words.length; length++) {
      const run = words.slice(start, start + length);
      if (run.every(isFiller)) continue;
      const joined = run.join(' ');
      if (!withinNickname(joined, people)) runs.add(joined);
    }
  }
  return [...runs];
}

/**
 * The ids of the places `text` names in `scope`: those a guess of one of its
 * runs would claim; `nicknames`, of the room's players and spectators, name
 * them and no place.
 */
export function placesNamedIn(
  resolver: Pick<GuessResolver, 'resolveIn'>,
  scope: Scope,
  text: string,
  nicknames: readonly string[] = [],
): number[] {
  const ids = new Set<number>();
  for (const run of nameRuns(text, nicknames)) {
    let places;
    try {
      places = resolver.resolveIn(scope, run);
    } catch (err) {
      if (err instanceof GuessError) continue;
      throw err;
    }
    for (const place of places) ids.add(place.id);
  }
  return [...ids];
}
