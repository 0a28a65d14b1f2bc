/**
 * The quiz the home page starts with: the player's own country where the
 * browser tells it, else the world. Free of the DOM: the page passes
 * `navigator.languages`.
 */
export const WORLD = 'world';

/** The region a language tag names ("de-AT" → AT), or the likeliest one for it ("fr" → FR). */
function regionsOf(tag: string): { stated?: string; likely?: string } {
  try {
    const locale = new Intl.Locale(tag);
    return { stated: locale.region, likely: locale.maximize().region };
  } catch {
    return {}; // not a language tag: no region
  }
}

/**
 * The first country the browser's languages state (`de-AT`: Austria), else
 * the likeliest country of the first language that has one that is a quiz
 * (`fr`: France), else World. Regions such as `419` (Latin America) are no
 * country and are passed over.
 */
export function defaultScope(
  languages: readonly string[],
  isScope: (id: string) => boolean,
): string {
  const regions = languages.map(regionsOf);
  const candidates = [
    ...regions.map((region) => region.stated),
    ...regions.map((region) => region.likely),
  ];
  return candidates.find((region) => region !== undefined && isScope(region)) ?? WORLD;
}
