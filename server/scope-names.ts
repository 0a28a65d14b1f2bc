import { countries } from 'countries-list';
import { Router } from 'express';
import isoCountries from 'i18n-iso-countries';
import { foldScopeName, type ScopeNames } from '../protocol/scope-names.js';

/** The part of a scope the names need: its id and English name. */
export interface NamedScope {
  id: string;
  name: string;
  kind: string;
}

/** The names change only with a new release of their packages. */
const CACHE_CONTROL = 'public, max-age=86400';

/**
 * Every name of each country scope other than its English one: the native
 * name (countries-list), then the English aliases ("USA", "UK"), then the
 * names in every language of i18n-iso-countries ("Deutschland", "Holland",
 * "Россия", "日本"), one spelling per folded form. Continents and the world
 * have none: their English names are all the chooser matches.
 */
export function otherScopeNames(scopes: readonly NamedScope[]): ScopeNames {
  const languages = isoCountries.getSupportedLanguages();
  const namesIn = new Map(
    ['en', ...languages.filter((language) => language !== 'en')].map((language) => [
      language,
      isoCountries.getNames(language, { select: 'all' }),
    ]),
  );
  const result: ScopeNames = {};
  for (const scope of scopes) {
    if (scope.kind !== 'country') continue;
    const seen = new Set([foldScopeName(scope.name)]);
    const names: string[] = [];
    const add = (name: string | undefined) => {
      const folded = name === undefined ? '' : foldScopeName(name);
      if (folded === '' || seen.has(folded)) return;
      seen.add(folded);
      names.push(name!);
    };
    const listed = countries[scope.id as keyof typeof countries];
    add(listed?.native);
    add(listed?.name);
    for (const byCode of namesIn.values()) for (const name of byCode[scope.id] ?? []) add(name);
    result[scope.id] = names;
  }
  return result;
}

/**
 * `GET /api/scope-names`: `otherScopeNames` of the node's scopes, as JSON,
 * computed on the first request after the node is ready and then sent from
 * memory; 503 `starting` before. The quiz chooser fetches it on first use,
 * so the first page carries none of these names.
 */
export function createScopeNamesRouter(scopes: () => readonly NamedScope[] | undefined): Router {
  let body: string | undefined;
  const router = Router();
  router.get('/api/scope-names', (_req, res) => {
    if (body === undefined) {
      const current = scopes();
      if (!current) return void res.status(503).json({ error: 'starting' });
      body = JSON.stringify(otherScopeNames(current));
    }
    res.set('Cache-Control', CACHE_CONTROL).type('application/json').send(body);
  });
  return router;
}
