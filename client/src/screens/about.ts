/** The about page: what the game is, and the credits its data asks for. */
import { h } from '../dom.js';

export function renderAbout(): HTMLElement {
  return h(
    'section',
    { class: 'card about' },
    h('h1', {}, 'About placerace'),
    h(
      'p',
      {},
      'A realtime multiplayer geography game: name the cities, towns and villages of a country, a continent or the world, against your friends.',
    ),
    h('h2', {}, 'Data'),
    h(
      'p',
      {},
      'Places: ',
      h('a', { href: 'https://www.geonames.org/', rel: 'noopener' }, 'GeoNames'),
      ' (cities with 500 or more people), licensed under ',
      h(
        'a',
        { href: 'https://creativecommons.org/licenses/by/4.0/', rel: 'noopener' },
        'CC BY 4.0',
      ),
      '.',
    ),
    h(
      'p',
      {},
      'Cities missing from GeoNames’ list: ',
      h(
        'a',
        { href: 'https://simplemaps.com/data/world-cities', rel: 'noopener' },
        'SimpleMaps World Cities Basic',
      ),
      ', licensed under ',
      h(
        'a',
        { href: 'https://creativecommons.org/licenses/by/4.0/', rel: 'noopener' },
        'CC BY 4.0',
      ),
      '.',
    ),
    h(
      'p',
      {},
      'Country outlines: ',
      h('a', { href: 'https://www.naturalearthdata.com/', rel: 'noopener' }, 'Natural Earth'),
      ' (public domain).',
    ),
  );
}
