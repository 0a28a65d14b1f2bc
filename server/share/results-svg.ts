import { geoPath, type GeoProjection } from 'd3-geo';
import {
  fittedProjection,
  markerRadius,
  type LoadedShapes,
} from '../../protocol/map-projection.js';
import type { GameEnded, Place } from '../../protocol/types.js';
import { escapeMarkup } from './escape-markup.js';

/** The picture's size: what link previews show large (1.91:1) without cropping. */
export const IMAGE_WIDTH = 1200;
export const IMAGE_HEIGHT = 630;

/** The live map's colours (client/src/map/place-map.ts), so the picture looks like the game. */
const SEA = '#dfe9f3';
const LAND = '#fbfaf5';
const NEIGHBOURS = '#eceff2';
const BORDERS = '#8a97a6';
const INK = '#1d2733';
/** The live map's marker outline: 3 pixels on a radius of 16. */
const STROKE_PER_RADIUS = 3 / 16;
/** Nobody's places are context, not achievements: small, whatever their size. */
const MISSED_RADIUS = 2.2;

interface Dot {
  place: Place;
  color: string;
}

const fixed = (n: number) => n.toFixed(1);

function circle(projection: GeoProjection, place: Place, r: number, attributes: string): string {
  const point = projection([place.lon, place.lat]);
  if (!point) return '';
  return `<circle cx="${fixed(point[0])}" cy="${fixed(point[1])}" r="${fixed(r)}"${attributes}/>`;
}

/** The scope's outlines as the live map draws them: its own land on top of the neighbours'. */
function outlines(projection: GeoProjection, map: LoadedShapes): string {
  // One decimal is a tenth of a pixel: plenty, and a country at 10m detail stays a small string.
  const path = geoPath(projection).digits(1);
  return map.shapes.features
    .map((f) => {
      const d = path(f);
      if (!d) return '';
      const own = f.properties?.inScope !== false;
      const style = own
        ? `fill="${LAND}" stroke-width="0.8"`
        : `fill="${NEIGHBOURS}" stroke-width="0.5" stroke-opacity="0.6"`;
      return `<path d="${d}" ${style}/>`;
    })
    .join('');
}

/** Every find in its finder's colour; the largest drawn first so that no village hides under a city. */
function finds(projection: GeoProjection, game: GameEnded): string {
  const dots: Dot[] = game.results.ranking.flatMap((player) =>
    player.finds.map((find) => ({ place: find.place, color: player.color })),
  );
  dots.sort((a, b) => b.place.population - a.place.population);
  return dots
    .map(({ place, color }) => {
      const r = markerRadius(place.population);
      // Colours are the server's own palette, but a saved game is data: escaped all the same.
      const style = ` fill="${escapeMarkup(color)}" stroke-width="${fixed(r * STROKE_PER_RADIUS)}"`;
      return circle(projection, place, r, style);
    })
    .join('');
}

/**
 * A finished game's map as SVG, IMAGE_WIDTH × IMAGE_HEIGHT: the quiz's land
 * and its neighbours, the missed places in ink under the finds, every find
 * in its finder's colour. `map` is the scope's map (protocol/map-projection.ts).
 */
export function resultsSvg(game: GameEnded, map: LoadedShapes): string {
  const projection = fittedProjection(game.results.settings.scope, map, IMAGE_WIDTH, IMAGE_HEIGHT);
  const missed = game.missed.map((place) => circle(projection, place, MISSED_RADIUS, '')).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}"`,
    ` viewBox="0 0 ${IMAGE_WIDTH} ${IMAGE_HEIGHT}">`,
    `<rect width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}" fill="${SEA}"/>`,
    `<g stroke="${BORDERS}" stroke-linejoin="round">${outlines(projection, map)}</g>`,
    `<g fill="${INK}">${missed}</g>`,
    `<g stroke="${INK}" stroke-opacity="0.55">${finds(projection, game)}</g>`,
    '</svg>',
  ].join('');
}
