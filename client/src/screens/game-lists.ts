/**
 * What a running game lists beside its map: the scoreboard, the latest
 * finds and every find. Shared by the players' room screen and the
 * operator's spectator view, so both describe a game in the same words.
 */
import type { Find, Player } from '../../../protocol/types.js';
import { NICKNAME } from '../bidi.js';
import { h } from '../dom.js';
import { countOf, formatPercent } from '../format.js';
import type { PlaceNamer } from '../place-names.js';
import { ranking, type RoomView } from '../state/room-view.js';

const UNKNOWN_PLAYER_COLOR = '#888';

export const playerName = (view: RoomView, id: string): string =>
  view.players.get(id)?.nickname ?? 'someone';

const swatch = (color: string) => h('span', { class: 'swatch', style: `background:${color}` });

/**
 * One item per player, best first: colour, name, places and share of the
 * population. Players level on places and population share a rank.
 */
export function scoreboardItems(
  view: RoomView,
  /** The host's menu on a player's row (feature `host-tools`), or null. */
  menu: (player: Player) => HTMLElement | null = () => null,
): HTMLElement[] {
  const population = view.room.totals.population;
  const ranked = ranking(view);
  let rank = 0;
  return ranked.map((p, i) => {
    const before = ranked[i - 1];
    if (!before || before.score !== p.score || before.population !== p.population) rank = i + 1;
    return h(
      'li',
      { value: rank, 'data-player': p.id },
      swatch(p.color),
      h('span', { class: `name ${NICKNAME}` }, p.nickname),
      ' ',
      h('span', { class: 'score' }, countOf(p.score, 'place')),
      h(
        'span',
        { class: 'muted' },
        ` · ${formatPercent(population ? p.population / population : 0)}`,
      ),
      p.connected ? null : h('span', { class: 'muted' }, ' (reconnecting)'),
      menu(p),
    );
  });
}

/** A find as a list item: the finder's colour, name and the place. */
export function findItem(view: RoomView, find: Find, names: PlaceNamer): HTMLElement {
  const color = view.players.get(find.playerId)?.color ?? UNKNOWN_PLAYER_COLOR;
  return h(
    'li',
    {},
    swatch(color),
    h('span', { class: `finder ${NICKNAME}` }, playerName(view, find.playerId)),
    ` ${names.label(find.place)}`,
  );
}

/** The newest finds first. */
export function latestFindItems(view: RoomView, names: PlaceNamer, count = 8): HTMLElement[] {
  return view.room.found
    .slice(-count)
    .reverse()
    .map((find) => findItem(view, find, names));
}
