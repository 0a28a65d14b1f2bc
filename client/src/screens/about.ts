/** The about page: what the game is, the credits its data asks for, and what we count of visitors. */
import { h } from '../dom.js';

export function renderAbout(): HTMLElement {
  return h(
    'section',
    { class: 'card about' },
    h('h1', {}, 'About placerace'),
    h(
      'p',
      {},
      'A realtime multiplayer geography game: name the cities, towns and villages of a country, a state or region, a continent or the world, against your friends.',
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
    h('h2', {}, 'Privacy'),
    h(
      'p',
      {},
      'We count visitors without knowing who they are. Each day we count page views per page (the home page, this page, a room, a saved game: never which room or game), the sites that link here (their domain only), browser families (Chrome, Firefox, Safari…), screen sizes (phone, tablet or desktop), and the games started and finished in each quiz.',
    ),
    h(
      'p',
      {},
      'Nothing that identifies a person is stored: no cookie, no IP address, no full browser signature or link, no time finer than the day. If your browser sends Do Not Track or Global Privacy Control, nothing is counted at all.',
    ),
    h(
      'p',
      {},
      'The nickname you play under is kept with the results of the games you finish, which anyone with a game’s link can see. Your browser remembers it, and your seat in a room, for you alone.',
    ),
  );
}
