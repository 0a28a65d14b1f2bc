/**
 * What a running game lists beside its map: the scoreboard and the latest
 * finds. Shared by the players' room screen and the operator's spectator
 * view, so both describe a game in the same words.
 */
import type { Place } from '../../../protocol/types.js';
import { h } from '../dom.js';
import { countOf, formatNumber, formatPercent } from '../format.js';
import { ranking, type RoomView } from '../state/room-view.js';

const UNKNOWN_PLAYER_COLOR = '#888';

export const playerName = (view: RoomView, id: string): string =>
  view.players.get(id)?.nickname ?? 'someone';

export const placeLabel = (place: Place): string =>
  `${place.name} (${place.country}${place.admin1 ? `, ${place.admin1}` : ''}) · ${formatNumber(place.population)} people`;

/** One item per player, best first: colour, name, places and share of the population. */
export function scoreboardItems(view: RoomView): HTMLElement[] {
  const population = view.room.totals.population;
  return ranking(view).map((p) =>
    h(
      'li',
      {},
      h('span', { class: 'swatch', style: `background:${p.color}` }),
      h('span', { class: 'name' }, p.nickname),
      ' ',
      h('span', { class: 'score' }, countOf(p.score, 'place')),
      h(
        'span',
        { class: 'muted' },
        ` · ${formatPercent(population ? p.population / population : 0)}`,
      ),
      p.connected ? null : h('span', { class: 'muted' }, ' (reconnecting)'),
    ),
  );
}

/** The newest finds first, each with its finder's colour and name. */
export function latestFindItems(view: RoomView, count = 8): HTMLElement[] {
  return view.room.found
    .slice(-count)
    .reverse()
    .map((f) =>
      h(
        'li',
        {},
        h('span', {
          class: 'swatch',
          style: `background:${view.players.get(f.playerId)?.color ?? UNKNOWN_PLAYER_COLOR}`,
        }),
        `${playerName(view, f.playerId)}: ${placeLabel(f.place)}`,
      ),
    );
}
