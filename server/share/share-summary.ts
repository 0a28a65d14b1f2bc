import type { GameEnded, Mode, PlayerResult } from '../../protocol/types.js';

/** What a link preview of a finished game says: plain text, to be escaped where it meets markup. */
export interface ShareSummary {
  /** The page's <title>: the headline and the site's name. */
  title: string;
  /** og:title: the headline alone, the preview names the site itself (og:site_name). */
  headline: string;
  description: string;
  /** og:image:alt: what the results map shows, for those who cannot see it. */
  imageAlt: string;
}

export const SITE_NAME = 'placerace';

/** A preview has a few lines: the rest of a large room is counted, not named. */
const PLAYERS_LISTED = 8;

const MODE_NAMES: Record<Mode, string> = {
  race: 'race mode',
  parallel: 'parallel mode',
  coop: 'co-op mode',
};

const numbers = new Intl.NumberFormat('en');
// Games are played across time zones: one calendar for everyone, the one GMT keeps.
const dates = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const count = (n: number, noun: string) => `${numbers.format(n)} ${noun}${n === 1 ? '' : 's'}`;

/** "Ana", "Ana and Ben", "Ana, Ben and Cleo". */
function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

/** Distinct places the room named: in coop the team's score, in parallel a place found twice counts once. */
function placesNamed(game: GameEnded): number {
  return new Set(game.results.ranking.flatMap((p) => p.finds.map((f) => f.place.id))).size;
}

/**
 * "Ana wins Germany with 24 places", "Ana and Ben tie for Germany with 24
 * places each", "Together: 120 places of Germany"; just the quiz when
 * nobody named anything, as there is no one to celebrate.
 */
function headline(game: GameEnded, quiz: string): string {
  const { ranking, settings } = game.results;
  const inSentence = settings.scope === 'world' ? 'the world' : quiz;
  if (placesNamed(game) === 0) return quiz;
  if (settings.mode === 'coop')
    return `Together: ${count(placesNamed(game), 'place')} of ${inSentence}`;
  const winners = ranking.filter((p) => p.rank === ranking[0]!.rank);
  const score = count(ranking[0]!.score, 'place');
  if (ranking.length === 1) return `${ranking[0]!.nickname} named ${score} of ${inSentence}`;
  if (winners.length === 1) return `${winners[0]!.nickname} wins ${inSentence} with ${score}`;
  const who =
    winners.length <= 3 ? names(winners.map((p) => p.nickname)) : `${winners.length} players`;
  return `${who} tie for ${inSentence} with ${score} each`;
}

/** "Ana 24 places, Ben 17 places and 3 more players", in ranking order. */
function playersLine(mode: Mode, ranking: readonly PlayerResult[]): string {
  // A coop score is the team's: what each player found is their own share of it.
  const own = (p: PlayerResult) => (mode === 'coop' ? p.finds.length : p.score);
  const listed = ranking
    .slice(0, PLAYERS_LISTED)
    .map((p) => `${p.nickname} ${count(own(p), 'place')}`);
  const rest = ranking.length - listed.length;
  return names(rest > 0 ? [...listed, `${count(rest, 'more player')}`] : listed);
}

/** "37%", "2.4%", "under 0.1%": a world quiz's share is often tiny, and "0%" would belittle it. */
function percent(share: number): string {
  if (share > 0 && share < 0.001) return 'under 0.1%';
  const digits = share < 0.1 ? 1 : 0;
  return new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: digits }).format(
    share,
  );
}

/** The preview of a saved game; `quiz` is the scope's name ("Germany", "Europe", "World"). */
export function shareSummary(game: GameEnded, quiz: string): ShareSummary {
  const { results } = game;
  const found = placesNamed(game);
  const intro = `${quiz}, ${MODE_NAMES[results.settings.mode]}, ${dates.format(results.endedAt)}`;
  const players =
    results.ranking.length > 0 ? `: ${playersLine(results.settings.mode, results.ranking)}.` : '.';
  const share =
    found > 0
      ? ` The places named are home to ${percent(results.populationShare)} of the population.`
      : '';
  const invitation = found > 0 ? ' Can you name more?' : ' Can you name some?';
  const top = headline(game, quiz);
  return {
    title: `${top} — ${SITE_NAME}`,
    headline: top,
    description: `${intro}${players}${share}${invitation}`,
    imageAlt:
      found > 0
        ? `Map of ${quiz} with the ${count(found, 'place')} named, each a dot in its finder's colour`
        : `Map of ${quiz}`,
  };
}
