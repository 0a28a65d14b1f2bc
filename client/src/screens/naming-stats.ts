/**
 * /stats/SCOPE, "What people name": from the quiz's saved games, how often
 * each place is named. A map with every named place shaded by that share,
 * the most named places, and the biggest places hardly anyone names. No
 * player is in any of it (server/stats/).
 */
import '../naming-stats.css';
import type { NamedPlace, NamingStats } from '../../../protocol/naming-stats.js';
import { RARELY_NAMED_SHARE } from '../../../protocol/naming-stats.js';
import { fetchNamingStats, fetchRegions, fetchScopes } from '../api.js';
import { h } from '../dom.js';
import { countOf, formatNumber, formatPercent } from '../format.js';
import { StaticPlaceMap } from '../map/static-place-map.js';
import { formatShare, SHARE_CLASSES, shareClass } from '../map/share-shading.js';
import { PlaceNamer, spansCountries } from '../place-names.js';
import type { Page } from './saved-game.js';

export async function renderNamingStats(scope: string): Promise<Page> {
  const [stats, scopes] = await Promise.all([
    fetchNamingStats(scope).catch(() => undefined),
    fetchScopes().catch(() => []),
  ]);
  if (!stats) {
    document.title = 'No such quiz — placerace';
    const home = h('a', { href: '/' }, 'Choose a quiz');
    const element = h(
      'section',
      { class: 'card' },
      h('h1', {}, 'No such quiz'),
      h('p', {}, 'There is no quiz of that name, or the statistics could not be loaded.'),
      home,
    );
    return { element, next: home };
  }
  document.title = `What people name: ${stats.name} — placerace`;
  const play = h(
    'a',
    { class: 'button', href: `/?quiz=${encodeURIComponent(stats.scope)}` },
    'Play this quiz',
  );
  const title = h('h1', { id: 'stats-title' }, `What people name: ${stats.name}`);
  if (stats.games === 0) {
    const element = h(
      'section',
      { class: 'naming-stats', 'aria-labelledby': 'stats-title' },
      title,
      h('p', { class: 'empty' }, 'No finished games of this quiz yet.'),
      h('p', { class: 'muted' }, countedLine(stats)),
      h('p', { class: 'next' }, play),
    );
    return { element, next: play };
  }
  const countries = new Map(scopes.filter((s) => s.kind === 'country').map((s) => [s.id, s.name]));
  const withCountry = spansCountries(scopes.find((s) => s.id === stats.scope)?.kind);
  const namer = new PlaceNamer(await fetchRegions(stats.scope), countries, withCountry);
  const map = h('div', {
    class: 'map results-map naming-map',
    role: 'img',
    'aria-label': `Map of the ${countOf(stats.places.ids.length, 'place')} named in at least one game, shaded by the share of games that named them; the tables below list the most and the least named.`,
  });
  const shading = shareMap(map, stats);
  const element = h(
    'section',
    { class: 'naming-stats', 'aria-labelledby': 'stats-title' },
    title,
    h(
      'p',
      { class: 'muted' },
      `From ${countOf(stats.games, 'finished game')}. ${countedLine(stats)}`,
    ),
    h(
      'p',
      { class: 'median' },
      `In the median game, the places named are home to ${formatPercent(stats.medianPopulationShare)} of the population.`,
    ),
    h('p', { class: 'next' }, play),
    map,
    legend(),
    h(
      'div',
      { class: 'naming-tables' },
      h(
        'section',
        {},
        h('h2', {}, 'The most named places'),
        h('p', { class: 'muted' }, 'By the share of games that named them.'),
        table(stats.mostNamed, namer, 'The most named places'),
      ),
      h(
        'section',
        {},
        h('h2', {}, 'Big places rarely named'),
        h(
          'p',
          { class: 'muted' },
          `The biggest places named in fewer than ${formatShare(RARELY_NAMED_SHARE)} of the games.`,
        ),
        stats.rarelyNamed.length > 0
          ? table(stats.rarelyNamed, namer, 'Big places rarely named')
          : h('p', {}, 'None: every big place is named often.'),
      ),
    ),
  );
  return { element, next: play, dispose: () => shading.destroy() };
}

/** "Games are counted every hour, last on 1 December at 14:00." */
function countedLine(stats: NamingStats): string {
  if (stats.updatedAt === null) return 'Games are counted every hour.';
  const when = new Date(stats.updatedAt).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `Games are counted every hour, last on ${when}.`;
}

function legend(): HTMLElement {
  return h(
    'div',
    { class: 'naming-legend' },
    h('span', { class: 'legend-title' }, 'Share of games naming it:'),
    h(
      'ul',
      {},
      ...SHARE_CLASSES.map((c) =>
        h('li', {}, h('span', { class: 'swatch', style: `background:${c.color}` }), ` ${c.label}`),
      ),
    ),
  );
}

function table(rows: readonly NamedPlace[], namer: PlaceNamer, caption: string): HTMLElement {
  return h(
    'table',
    { class: 'naming-table' },
    h('caption', { class: 'sr-only' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Place'),
        h('th', { scope: 'col', class: 'number' }, 'Population'),
        h('th', { scope: 'col', class: 'number' }, 'Named in'),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map(({ place, share }) =>
        h(
          'tr',
          {},
          h(
            'td',
            {},
            h('span', { class: 'swatch', style: `background:${shareClass(share).color}` }),
            h('strong', {}, place.name),
            h('span', { class: 'where' }, namer.where(place)),
          ),
          h('td', { class: 'number' }, formatNumber(place.population)),
          h('td', { class: 'number' }, formatShare(share)),
        ),
      ),
    ),
  );
}

/** Every named place as a dot in the colour of its share, the most named on top. */
function shareMap(element: HTMLElement, stats: NamingStats): StaticPlaceMap {
  const { places, scope } = stats;
  return new StaticPlaceMap(
    element,
    scope,
    (map) => {
      places.ids.forEach((id, i) => {
        const share = places.share[i]!;
        const place = {
          id,
          name: places.names[i]!,
          country: '',
          admin1: '',
          lat: places.lat[i]!,
          lon: places.lon[i]!,
          population: places.population[i]!,
        };
        map.add(
          { place, color: shareClass(share).color, by: `${formatShare(share)} of games` },
          false,
        );
      });
      element.dataset.markers = String(places.ids.length);
    },
    'statistics map',
  );
}
