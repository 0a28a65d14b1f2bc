/**
 * The results' line about what people name: "You named Dortmund: 61 % of
 * games in this quiz do", linking to the quiz's /stats page. The place
 * chosen is the player's rarest find by the quiz's statistics (the least
 * share of games, the bigger place on a tie): the most telling of a
 * player's finds is the one few others think of. Fetched after the results
 * show; on any failure the line keeps just its link.
 */
import { MAX_SHARE_IDS } from '../../../protocol/naming-stats.js';
import type { GameEnded, Place } from '../../../protocol/types.js';
import { fetchNamingShares } from '../api.js';
import { h } from '../dom.js';
import { countOf } from '../format.js';
import { formatShare } from '../map/share-shading.js';

/** The line; `me` the player whose finds it speaks of, or undefined for the whole game (a visitor). */
export function namingLine(
  ended: GameEnded,
  me: string | undefined,
  quizName: string,
): HTMLElement {
  const { scope } = ended.results.settings;
  const link = h(
    'a',
    { href: `/stats/${encodeURIComponent(scope)}`, class: 'naming-link' },
    `What people name in ${quizName}`,
  );
  const sentence = h('span', {});
  const line = h('p', { class: 'naming-line' }, sentence, link);
  const player = ended.results.ranking.find((p) => p.playerId === me);
  const finds = (player ? player.finds : ended.results.ranking.flatMap((p) => p.finds)).map(
    (f) => f.place,
  );
  const biggest = [...new Map(finds.map((place) => [place.id, place])).values()]
    .sort((a, b) => b.population - a.population)
    .slice(0, MAX_SHARE_IDS);
  if (biggest.length === 0) return line;
  void fetchNamingShares(
    scope,
    biggest.map((place) => place.id),
  )
    .then((answer) => {
      if (!answer || answer.games === 0) return;
      const shareOf = (place: Place) => answer.shares[place.id] ?? 0;
      // `biggest` is in population order: the first of the least shares is the biggest of them.
      const rarest = biggest.reduce((best, place) =>
        shareOf(place) < shareOf(best) ? place : best,
      );
      const share = shareOf(rarest);
      const who = player ? 'You' : 'This game';
      sentence.textContent =
        share > 0
          ? `${who} named ${rarest.name}: ${formatShare(share)} of games in this quiz do. `
          : `${who} named ${rarest.name}, which none of the ${countOf(answer.games, 'game')} counted so far did. `;
    })
    .catch(() => {});
  return line;
}
