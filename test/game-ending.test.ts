/**
 * Games that end together (a timed quiz many rooms started at once): their
 * saves queue, a few at a time, so that no turn of the event loop submits
 * them all; every room still gets its results, saved.
 */
import type { GameEnded } from '../protocol/types.js';
import { GameEnding, SAVES_AT_ONCE } from '../server/game/game-ending.js';
import type { GameArchive } from '../server/game/ports.js';
import { createLogger } from '../server/log.js';
import type { Scope } from '../server/places/gazetteer.js';

const GERMANY = { id: 'DE', kind: 'country' } as unknown as Scope;

function endedGame(i: number) {
  return {
    results: {
      gameId: `game-${i}`,
      code: `ROOM${i}`,
      settings: { scope: 'DE', mode: 'race', durationSec: 60, maxPlayers: 8, public: false },
      startedAt: 0,
      endedAt: 60_000,
      ranking: [],
      populationShare: 0,
      totals: { places: 100, population: 1000 },
    },
    named: [],
  } satisfies Parameters<GameEnding['begin']>[1];
}

test('fifty rooms ending at once are saved a few at a time, and every room hears its saved results', async () => {
  let saving = 0;
  let mostAtOnce = 0;
  const archive: GameArchive = {
    async save() {
      mostAtOnce = Math.max(mostAtOnce, ++saving);
      await new Promise((resolve) => setTimeout(resolve, 2));
      saving--;
    },
    largestUnnamed: async () => [],
  };
  const told: { code: string; ended: GameEnded }[] = [];
  const ending = new GameEnding({
    archive,
    gazetteer: { scope: () => GERMANY, countriesIn: () => ['DE'] },
    broadcaster: {
      found: () => {},
      state: () => {},
      ended: (code, ended) => void told.push({ code, ended }),
    },
    impossible: { report: () => {} },
    log: createLogger('silent'),
  });

  for (let i = 0; i < 50; i++) ending.begin(`ROOM${i}`, endedGame(i));
  await ending.settled();

  expect(mostAtOnce).toBe(SAVES_AT_ONCE);
  expect(told).toHaveLength(50);
  expect(told.every(({ code, ended }) => ended.saved && ended.results.code === code)).toBe(true);
});
