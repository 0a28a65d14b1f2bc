/**
 * /g/ID: a saved result, for anyone the link reaches: the results as the
 * room saw them, and a way to play the same quiz.
 */
import { fetchGame, fetchRegions, fetchScopes } from '../api.js';
import { h } from '../dom.js';
import { PlaceNamer, spansCountries } from '../place-names.js';
import { scopeName } from './lobby-view.js';
import { namingLine } from './naming-line.js';
import { renderResults } from './results-view.js';

/** A page of the client: the control to focus on it, and what to let go when it leaves. */
export interface Page {
  element: HTMLElement;
  next?: HTMLElement;
  dispose?(): void;
}

/** The saved game's page ("Play this quiz" to focus), or a page saying there is none. */
export async function renderSavedGame(id: string): Promise<Page> {
  const [game, scopes] = await Promise.all([
    fetchGame(id).catch(() => undefined),
    fetchScopes().catch(() => []),
  ]);
  if (!game) {
    document.title = 'No such game — placerace';
    const element = h(
      'section',
      { class: 'card' },
      h('h1', {}, 'No such game'),
      h('p', {}, 'This result does not exist (any more).'),
      h('a', { href: '/' }, 'Start a game'),
    );
    return { element };
  }
  const { scope, mode } = game.results.settings;
  const regions = await fetchRegions(scope);
  const countries = new Map(scopes.filter((s) => s.kind === 'country').map((s) => [s.id, s.name]));
  const withCountry = spansCountries(scopes.find((s) => s.id === scope)?.kind);
  const play = h(
    'a',
    { class: 'button', href: `/?quiz=${encodeURIComponent(scope)}&mode=${mode}` },
    'Play this quiz',
  );
  const quizName = scopeName(scopes, scope);
  return renderResults(game, {
    namer: new PlaceNamer(regions, countries, withCountry),
    quizName,
    audience: 'visitors',
    naming: namingLine(game, undefined, quizName),
    next: h('p', { class: 'next' }, play),
  });
}
