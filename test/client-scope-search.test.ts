/**
 * The quiz chooser's matching, without a browser: the scopes as the server
 * names them (countries-list) and their other names as GET /api/scope-names
 * serves them (i18n-iso-countries, countries-list's native names).
 */
import { countries } from 'countries-list';
import { foldScopeName } from '../protocol/scope-names.js';
import {
  MAX_SUGGESTIONS,
  ScopeSearch,
  type SearchableScope,
} from '../client/src/state/scope-search.js';
import { CONTINENTS } from '../db/gazetteer/countries.js';
import { otherScopeNames } from '../server/scope-names.js';

/** Place counts of a few countries; the others have 100, so bigger quizzes sort first. */
const PLACES: Record<string, number> = { US: 30_000, DE: 12_000, GB: 6_000, NL: 2_500, UA: 1_500 };

const SCOPES: SearchableScope[] = [
  { id: 'world', name: 'World', kind: 'world', places: 199_568 },
  ...CONTINENTS.map((c, i): SearchableScope => ({
    ...c,
    kind: 'continent',
    places: 50_000 - i,
  })),
  ...Object.entries(countries).map(([id, country]): SearchableScope => ({
    id,
    name: country.name,
    kind: 'country',
    places: PLACES[id] ?? 100,
  })),
];
const NAMES = otherScopeNames(SCOPES);
const search = new ScopeSearch(SCOPES, NAMES);

const first = (query: string) => search.suggest(query)[0];

describe('foldScopeName', () => {
  test.each([
    ["Côte d'Ivoire", 'cote d ivoire'],
    ['CÔTE D’IVOIRE', 'cote d ivoire'],
    ['  United   States ', 'united states'],
    ['U.S.A.', 'u s a'],
    ['Weißrussland', 'weissrussland'],
    ['Россия', 'россия'],
    ['日本', '日本'],
  ])('%s → %s', (text, folded) => expect(foldScopeName(text)).toBe(folded));
});

describe('a country by any of its names', () => {
  test.each([
    ['USA', 'US'],
    ['usa', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['Deutschland', 'DE'],
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['Holland', 'NL'],
    ['Nederland', 'NL'],
    ['Россия', 'RU'],
    ['日本', 'JP'],
    ['Brasil', 'BR'],
    ["Côte d'Ivoire", 'CI'],
    ['cote divoire', 'CI'],
    ['Ivory Coast', 'CI'],
    ['Germany', 'DE'],
    ['germ', 'DE'],
  ])('%s → %s first', (query, id) => expect(first(query)?.scope.id).toBe(id));

  test('continents and the world by their names', () => {
    expect(first('Europe')?.scope.id).toBe('europe');
    expect(first('south am')?.scope.id).toBe('south-america');
    expect(first('world')?.scope.id).toBe('world');
  });

  test('says the other name it matched, and nothing for the English one', () => {
    expect(first('Deutschland')).toMatchObject({ via: 'Deutschland' });
    expect(first('holland')).toMatchObject({ via: 'Holland' });
    expect(first('Germany')?.via).toBeUndefined();
    expect(first('germ')?.via).toBeUndefined();
  });
});

describe('the order of suggestions', () => {
  test('an exact name before a prefix: "UK" is the United Kingdom, then Ukraine', () => {
    const ids = search.suggest('UK').map((s) => s.scope.id);
    expect(ids[0]).toBe('GB');
    expect(ids).toContain('UA');
  });

  test('prefixes of English names before prefixes of other names', () => {
    const suggestions = search.suggest('ho');
    const english = suggestions.findIndex((s) => s.scope.id === 'HN'); // Honduras
    const other = suggestions.findIndex((s) => s.scope.id === 'NL'); // Holland
    expect(english).toBeGreaterThanOrEqual(0);
    expect(other).toBeGreaterThan(english);
  });

  test('the start of a later word: "coast", "states", "kingdom"', () => {
    expect(search.suggest('coast').map((s) => s.scope.id)).toContain('CI');
    expect(search.suggest('states').map((s) => s.scope.id)).toContain('US');
    expect(search.suggest('kingdom').map((s) => s.scope.id)).toContain('GB');
  });

  test('a later word of the English name before the start of another name', () => {
    // "Koninkrijk België" and its like must not push South Korea out of "ko".
    const ids = search.suggest('ko').map((s) => s.scope.id);
    expect(ids[0]).toBe('XK'); // Kosovo
    expect(ids).toEqual(expect.arrayContaining(['KR', 'KP']));
    expect(ids.indexOf('KR')).toBeLessThan(ids.indexOf('BE'));
    expect(search.suggest('korea').map((s) => [s.scope.id, s.via])).toEqual([
      ['KP', undefined],
      ['KR', undefined],
    ]);
  });

  test('bigger quizzes first among equals', () => {
    const united = search.suggest('united').map((s) => s.scope.id);
    expect(united.indexOf('US')).toBeLessThan(united.indexOf('GB'));
  });

  test(`at most ${MAX_SUGGESTIONS}, each scope once`, () => {
    const many = search.suggest('a');
    expect(many).toHaveLength(MAX_SUGGESTIONS);
    expect(new Set(many.map((s) => s.scope.id)).size).toBe(many.length);
  });

  test('nothing typed: the world and the continents', () => {
    const ids = search.suggest('  ').map((s) => s.scope.id);
    expect(ids[0]).toBe('world');
    expect(ids.slice(1).sort()).toEqual(CONTINENTS.map((c) => c.id).sort());
  });

  test('no match: no suggestion', () => {
    expect(search.suggest('xqzzy')).toEqual([]);
  });
});

describe('before the other names arrive', () => {
  const english = new ScopeSearch(SCOPES);

  test('English names work', () => {
    expect(english.suggest('Germany')[0]?.scope.id).toBe('DE');
    expect(english.exact('netherlands')?.id).toBe('NL');
  });

  test('other names find nothing yet, then do once added', () => {
    const later = new ScopeSearch(SCOPES);
    expect(later.suggest('Deutschland')).toEqual([]);
    later.addNames(NAMES);
    expect(later.suggest('Deutschland')[0]?.scope.id).toBe('DE');
  });

  test('names of unknown scopes and malformed entries are skipped', () => {
    const few = new ScopeSearch(SCOPES.slice(0, 3));
    few.addNames({ ZZ: ['Nowhere'], world: [42 as unknown as string], europe: 'x' as never });
    expect(few.suggest('nowhere')).toEqual([]);
  });
});

describe('a name typed whole, without picking it', () => {
  test.each([
    ['Germany', 'DE'],
    ['  germany ', 'DE'],
    ['Deutschland', 'DE'],
    ['cote divoire', 'CI'],
    ['World', 'world'],
  ])('%s is %s', (text, id) => expect(search.exact(text)?.id).toBe(id));

  test('a prefix or a name two countries share names none', () => {
    expect(search.exact('Germ')).toBeUndefined();
    expect(search.exact('')).toBeUndefined();
    const congo = SCOPES.filter((s) => NAMES[s.id]?.some((n) => foldScopeName(n) === 'congo'));
    if (congo.length > 1) expect(search.exact('Congo')).toBeUndefined();
  });
});
