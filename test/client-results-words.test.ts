/**
 * The words the room screen uses, without a browser: places named by their
 * region (and country in multi-country quizzes), the guess field's feedback,
 * and the sentence a finished game opens with.
 */
import type { GameResults, Place, PlayerResult } from '../protocol/types.js';
import { PlaceNamer } from '../client/src/place-names.js';
import { describeGuess } from '../client/src/screens/feedback.js';
import { listNames, resultHeadline } from '../client/src/state/results-summary.js';

const lyon: Place = {
  id: 2996944,
  name: 'Lyon',
  country: 'FR',
  admin1: '84',
  lat: 45.75,
  lon: 4.85,
  population: 522_969,
};
const regions = { 'FR.84': 'Auvergne-Rhône-Alpes', 'FR.11': 'Île-de-France' };
const countries = new Map([['FR', 'France']]);

describe('places are named for people', () => {
  test('a country quiz gives the region, a continent or world quiz the country too', () => {
    expect(new PlaceNamer(regions, countries, false).label(lyon)).toBe(
      'Lyon · Auvergne-Rhône-Alpes',
    );
    expect(new PlaceNamer(regions, countries, true).label(lyon)).toBe(
      'Lyon · Auvergne-Rhône-Alpes, France',
    );
  });

  test('a place without a known region keeps its bare name, or its country', () => {
    const nowhere = { ...lyon, admin1: '00' };
    expect(new PlaceNamer(regions, countries, false).label(nowhere)).toBe('Lyon');
    expect(new PlaceNamer(regions, countries, true).label(nowhere)).toBe('Lyon · France');
  });
});

describe('the guess field says what happened, in words', () => {
  const ctx = {
    names: new PlaceNamer(regions, countries, false),
    mode: 'race' as const,
    nickname: (id: string) => (id === 'ana' ? 'Ana' : 'someone'),
  };
  test.each([
    [{ kind: 'found', place: lyon }, 'lyon', 'Found Lyon · Auvergne-Rhône-Alpes · 522,969 people'],
    [
      { kind: 'taken', place: lyon, by: 'ana' },
      'Lyon',
      'Lyon · Auvergne-Rhône-Alpes was already taken by Ana',
    ],
    [{ kind: 'repeat', place: lyon }, 'Lyon', 'You already named Lyon · Auvergne-Rhône-Alpes'],
    [{ kind: 'miss' }, 'Marseile', 'Not found: Marseile'],
    [{ error: 'rate_limited' }, 'Lyon', 'Slow down a little and try again in a moment.'],
  ] as const)('%j', (outcome, typed, said) => {
    expect(describeGuess(outcome, typed, ctx)).toBe(said);
  });
});

function player(nickname: string, rank: number, score: number, population: number): PlayerResult {
  const finds = Array.from({ length: score }, (_, i) => ({
    place: { ...lyon, id: rank * 1000 + i + score * 100 + nickname.length },
    at: 0,
  }));
  return {
    playerId: nickname.toLowerCase(),
    nickname,
    color: '#0072b2',
    rank,
    score,
    population,
    capitals: 0,
    finds,
  };
}

function results(mode: GameResults['settings']['mode'], ranking: PlayerResult[]): GameResults {
  const population = ranking.reduce((sum, p) => sum + p.population, 0);
  return {
    gameId: 'g1',
    code: 'ACDEFG',
    settings: { scope: 'FR', mode, durationSec: 600, maxPlayers: 16, public: false },
    startedAt: 0,
    endedAt: 0,
    ranking,
    populationShare: population / 1_000_000,
    totals: { places: 1000, population: 1_000_000 },
  };
}

describe('a finished game opens with its winner', () => {
  test('a winner, with their places and share of the population', () => {
    const game = results('race', [player('Ana', 1, 24, 103_000), player('Ben', 2, 18, 50_000)]);
    expect(resultHeadline(game, 'players')).toBe(
      'Ana wins with 24 places · 10.3% of the population',
    );
  });

  test('a tie names everyone at the top', () => {
    const game = results('parallel', [
      player('Ana', 1, 5, 100),
      player('Ben', 1, 5, 100),
      player('Cem', 1, 5, 100),
      player('Dan', 4, 1, 10),
    ]);
    expect(resultHeadline(game, 'players')).toBe('Ana, Ben and Cem tie with 5 places each');
  });

  test('co-op is one team, told as "you" in the room and "they" to visitors', () => {
    const game = results('coop', [player('Ana', 1, 3, 300_000), player('Ben', 1, 2, 10_000)]);
    expect(resultHeadline(game, 'players')).toBe(
      'Together you named 5 places · 31.0% of the population',
    );
    expect(resultHeadline(game, 'visitors')).toMatch(/^Together they named 5 places/);
  });

  test('one player, and a game where nobody named anything', () => {
    expect(resultHeadline(results('race', [player('Ana', 1, 1, 1000)]), 'players')).toBe(
      'Ana named 1 place · 0.10% of the population',
    );
    expect(
      resultHeadline(results('race', [player('Ana', 1, 0, 0), player('Ben', 1, 0, 0)]), 'players'),
    ).toBe('No place was named this time.');
  });

  test('names are listed the English way', () => {
    expect(listNames(['Ana'])).toBe('Ana');
    expect(listNames(['Ana', 'Ben'])).toBe('Ana and Ben');
  });
});
