/**
 * "What people name" (issue 19) from a fixture of saved games, on PGlite and
 * PostgreSQL: the shares (a place counts once per game), the two tables'
 * order, the median, the hourly job adding only the games saved since its
 * last run (and a game committed late), two runs at once, and the HTTP
 * routes: no nickname, player or game id in what they answer, 404 for an
 * unknown quiz, 400 for ids that are not a short list of ids. Real parts:
 * games saved by the archive, the job's SQL, the imported gazetteer and
 * name index.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import type { NamingShares, NamingStats } from '../protocol/naming-stats.js';
import type { GameEnded, Place } from '../protocol/types.js';
import { createApp } from '../server/app.js';
import { toPlace } from '../server/rooms/room.js';
import { saveGame } from '../server/games/game-archive.js';
import type { Places } from '../server/places/create-places.js';
import { countNewGames } from '../server/stats/count-new-games.js';
import { NamingStatsService } from '../server/stats/naming-stats-service.js';
import { createStatsRouter } from '../server/stats/stats-router.js';
import { pgliteDatabase, postgresDatabase, type TestDatabase } from './support/databases.js';
import { testPlaces } from './support/places.js';
import { describeWith } from './support/services.js';

const NICKNAME = 'Zora Quillfeather';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 12, 0);

let places: Places;
/** Germany's 40 most populous places, largest first. */
let german: Place[];

beforeAll(async () => {
  const imported = await pgliteDatabase.openImported();
  try {
    places = await testPlaces(imported);
  } finally {
    await imported.close();
  }
  german = places.index.names.largest(['DE'], new Set(), 40).map(toPlace);
});

let gameNumber = 0;

/** A finished game of `scope`: each player's finds, in parallel mode (a place may be named twice). */
function game(
  scope: string,
  endedAt: number,
  populationShare: number,
  finds: Place[][],
): GameEnded {
  const gameId = `stats-game-${++gameNumber}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    results: {
      gameId,
      code: 'ACDEFG',
      settings: { scope, mode: 'parallel', durationSec: 600, maxPlayers: 16, public: false },
      startedAt: endedAt - 600_000,
      endedAt,
      ranking: finds.map((named, i) => ({
        playerId: `secret-player-${gameNumber}-${i}`,
        nickname: `${NICKNAME} ${i}`,
        color: '#0072B2',
        rank: i + 1,
        score: named.length,
        population: named.reduce((sum, p) => sum + p.population, 0),
        capitals: 0,
        finds: named.map((place, j) => ({ place, at: endedAt - 60_000 + j * 1000 + i })),
      })),
      populationShare,
      totals: { places: 10_000, population: 80_000_000 },
    },
    missed: [],
  };
}

describeStatsOn(describe, pgliteDatabase);
describeStatsOn(describeWith('DATABASE_URL'), postgresDatabase);

function describeStatsOn(describeFn: jest.Describe, target: TestDatabase | undefined): void {
  describeFn(`what people name, on ${target?.name ?? 'PostgreSQL'}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let service: NamingStatsService;
    let server: Server;
    let url: string;
    let allGameIds: string[] = [];

    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`);
      return {
        status: res.status,
        text: await res.text(),
        cache: res.headers.get('cache-control'),
      };
    };
    const stats = async (scope = 'DE') => {
      const res = await get(`/api/stats/${scope}`);
      expect(res.status).toBe(200);
      return JSON.parse(res.text) as NamingStats;
    };
    const save = async (ended: GameEnded) => {
      allGameIds.push(ended.results.gameId);
      await saveGame(db, ended);
    };

    beforeAll(async () => {
      ({ db, dispose } = await target!.openEmpty());
      await migrate(db);
      // The gazetteer's rows of the fixture's places: the report reads places from there.
      await db.query(
        `INSERT INTO places (id, name, ascii_name, country, admin1, population, lat, lon,
           feature_code, is_capital, is_admin1_seat)
         SELECT p.id, p.name, p.name, p.country, p.admin1, p.population, p.lat, p.lon, 'PPL', false, false
         FROM jsonb_to_recordset($1::jsonb) AS p(id int, name text, country text, admin1 text,
           population int, lat float8, lon float8)`,
        [JSON.stringify(german)],
      );
      service = new NamingStatsService(db, places.gazetteer, places.index.names);
      server = createServer(
        createApp({ ready: () => undefined, stats: createStatsRouter(() => service) }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      allGameIds = [];
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await dispose();
    });

    test('before any game: an empty report, and the job counts nothing', async () => {
      expect(await countNewGames(db)).toEqual({ ran: true, games: 0, scopes: [], more: false });
      const report = await stats();
      expect(report).toMatchObject({
        scope: 'DE',
        name: 'Germany',
        games: 0,
        medianPopulationShare: 0,
        mostNamed: [],
        rarelyNamed: [],
        places: { ids: [], names: [], lat: [], lon: [], population: [], share: [] },
      });
      expect(report.updatedAt).toEqual(expect.any(Number));
    });

    test('shares, the two tables and the median from four games', async () => {
      const [berlin, hamburg, munich, cologne] = german;
      // Berlin is named by both players of the first game: once for that game.
      await save(
        game('DE', T0, 0.1, [
          [berlin!, hamburg!],
          [berlin!, munich!],
        ]),
      );
      await save(game('DE', T0 + 1000, 0.4, [[berlin!, hamburg!]]));
      await save(game('DE', T0 + 2000, 0.2, [[cologne!], [berlin!]]));
      await save(game('DE', T0 + 3000, 0.3, [[hamburg!]]));
      await save(game('FR', T0 + 4000, 0.9, [[berlin!]]));

      const run = await countNewGames(db);
      expect(run).toMatchObject({ ran: true, games: 5 });
      expect(run.scopes.sort()).toEqual(['DE', 'FR']);

      const report = await stats();
      expect(report.games).toBe(4);
      expect(report.medianPopulationShare).toBeCloseTo(0.25, 6);
      expect(report.mostNamed.map((n) => [n.place.name, n.share])).toEqual([
        [berlin!.name, 0.75],
        [hamburg!.name, 0.75],
        [munich!.name, 0.25],
        [cologne!.name, 0.25],
      ]);
      expect(report.mostNamed[0]!.place).toEqual(berlin);

      // The biggest places named in under 10 % of the games: here none of the four.
      expect(report.rarelyNamed).toHaveLength(25);
      expect(report.rarelyNamed.map((n) => n.place.id)).toEqual(
        german.slice(4, 29).map((p) => p.id),
      );
      expect(report.rarelyNamed.every((n) => n.share === 0)).toBe(true);

      // The map: every named place once, least named first.
      expect(report.places.ids).toHaveLength(4);
      expect(report.places.share).toEqual([0.25, 0.25, 0.75, 0.75]);
      expect(report.places.ids.slice(2).sort()).toEqual([berlin!.id, hamburg!.id].sort());

      const fr = await stats('FR');
      expect(fr.games).toBe(1);
      expect(fr.mostNamed).toEqual([{ place: berlin, share: 1 }]);
      expect(fr.medianPopulationShare).toBeCloseTo(0.9, 6);
    });

    test('the hourly run adds only the games saved since, a late-committed one included', async () => {
      const frankfurt = german[4]!;
      const stuttgart = german[5]!;
      expect(await countNewGames(db)).toMatchObject({ ran: true, games: 0 });

      // Seven more games an hour later; one names Frankfurt, another Berlin.
      await save(game('DE', T0 + HOUR, 0.5, [[frankfurt]]));
      await save(game('DE', T0 + HOUR + 1, 0.5, [[german[0]!]]));
      for (let i = 2; i < 6; i++) await save(game('DE', T0 + HOUR + i, 0.5, [[german[1]!]]));
      // Committed after a later game was counted, as a slow node's save would be.
      const late = game('DE', T0 + 2000 + 1, 0.05, [[stuttgart]]);
      expect(await countNewGames(db)).toMatchObject({ ran: true, games: 6, scopes: ['DE'] });
      await save(late);
      expect(await countNewGames(db)).toMatchObject({ ran: true, games: 1, scopes: ['DE'] });

      const report = await stats();
      expect(report.games).toBe(11);
      // Shares 0.05, 0.1, 0.2, 0.3, 0.4, then 0.5 × 6: the sixth of eleven.
      expect(report.medianPopulationShare).toBeCloseTo(0.5, 6);
      expect(report.mostNamed.slice(0, 2).map((n) => [n.place.id, n.share])).toEqual([
        [german[1]!.id, 7 / 11],
        [german[0]!.id, 4 / 11],
      ]);
      // Munich, Cologne, Frankfurt and Stuttgart, each named in 1 of 11 games (9 %), are rarely named.
      expect(report.rarelyNamed.slice(0, 5)).toEqual([
        { place: german[2], share: 1 / 11 },
        { place: german[3], share: 1 / 11 },
        { place: frankfurt, share: 1 / 11 },
        { place: stuttgart, share: 1 / 11 },
        { place: german[6], share: 0 },
      ]);
      const populations = report.rarelyNamed.map((n) => n.place.population);
      expect(populations).toEqual([...populations].sort((a, b) => b - a));
      // Berlin (4 of 11) and Hamburg (7 of 11) are not.
      expect(report.rarelyNamed.map((n) => n.place.id)).not.toContain(german[0]!.id);
      expect(report.rarelyNamed.map((n) => n.place.id)).not.toContain(german[1]!.id);
    });

    test('two runs at once count each game once', async () => {
      for (let i = 0; i < 20; i++) await save(game('DE', T0 + 2 * HOUR + i, 0.5, [[german[6]!]]));
      const runs = await Promise.all([countNewGames(db), countNewGames(db), countNewGames(db)]);
      const counted = runs.reduce((sum, run) => sum + run.games, 0);
      expect(counted + (await countNewGames(db)).games).toBe(20);
      const report = await stats();
      expect(report.games).toBe(31);
      expect(report.mostNamed.find((n) => n.place.id === german[6]!.id)?.share).toBe(20 / 31);
    });

    test('a backlog is counted in slices, oldest first, each game once', async () => {
      for (let i = 0; i < 5; i++)
        await save(game('DE', T0 + 2 * HOUR + 100 + i, 0.5, [[german[7]!]]));
      expect(await countNewGames(db, 2)).toMatchObject({ games: 2, more: true });
      expect(await countNewGames(db, 2)).toMatchObject({ games: 2, more: true });
      expect(await countNewGames(db, 2)).toMatchObject({ games: 1, more: false });
      expect(await countNewGames(db, 2)).toMatchObject({ games: 0, more: false });
      const report = await stats();
      expect(report.games).toBe(36);
      expect(report.mostNamed.find((n) => n.place.id === german[7]!.id)?.share).toBe(5 / 36);
    });

    test('no nickname, player id or game id in what the routes answer', async () => {
      const report = await get('/api/stats/DE');
      expect(report.cache).toMatch(/max-age=\d+/);
      const ids = german.slice(0, 8).map((p) => p.id);
      const shares = await get(`/api/stats/DE/shares?ids=${ids.join(',')}`);
      expect(shares.status).toBe(200);
      for (const text of [report.text, shares.text, (await get('/api/stats/FR')).text]) {
        expect(text).not.toContain(NICKNAME);
        expect(text).not.toContain('secret-player');
        expect(text).not.toContain('stats-game-');
        for (const id of allGameIds) expect(text).not.toContain(id);
      }
    });

    test('the shares of the places a player named', async () => {
      const asked = [german[0]!.id, german[4]!.id, german[30]!.id];
      const res = await get(`/api/stats/DE/shares?ids=${asked.join(',')}`);
      const body = JSON.parse(res.text) as NamingShares;
      expect(body).toEqual({
        scope: 'DE',
        games: 36,
        shares: { [german[0]!.id]: 4 / 36, [german[4]!.id]: 1 / 36 },
      });
    });

    test('a quiz smaller than its country (a region): its own places only, whatever its kind', async () => {
      // Region scopes come with the gazetteer's regions; any scope narrower than its countries does.
      const region = places.gazetteer.scopes.find((scope) => {
        const countries = places.gazetteer.countriesIn(scope);
        return countries?.length === 1 && countries[0] === 'DE' && scope.id !== 'DE';
      });
      if (!region) return void console.warn('no region of Germany in this gazetteer: not checked');
      const inside = places.index.names
        .largest(['DE'], new Set(), 5000)
        .filter((place) => places.gazetteer.contains(region, place));
      const biggest = inside[0]!;
      await db.query(
        `INSERT INTO places (id, name, ascii_name, country, admin1, population, lat, lon,
           feature_code, is_capital, is_admin1_seat)
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, 'PPL', false, false) ON CONFLICT (id) DO NOTHING`,
        [
          biggest.id,
          biggest.name,
          biggest.country,
          biggest.admin1,
          biggest.population,
          biggest.lat,
          biggest.lon,
        ],
      );
      await save(game(region.id, T0 + 3 * HOUR, 0.2, [[biggest]]));
      await countNewGames(db);
      const report = await stats(region.id);
      expect(report).toMatchObject({ scope: region.id, name: region.name, games: 1 });
      expect(report.mostNamed.map((n) => n.place.id)).toEqual([biggest.id]);
      expect(report.rarelyNamed.map((n) => n.place.id)).toEqual(
        inside.slice(1, 26).map((place) => place.id),
      );
    });

    test('an unknown quiz is not found; ids that are not a short list of ids are refused', async () => {
      for (const scope of ['XX', 'Germany', '..', '%00', 'de%20', 'a'.repeat(300)]) {
        const res = await get(`/api/stats/${scope}`);
        expect([res.status, res.text]).toEqual([404, '{"error":"not_found"}']);
      }
      expect((await get('/api/stats/XX/shares?ids=1')).status).toBe(404);
      const tooMany = Array.from({ length: 201 }, (_, i) => i + 1).join(',');
      for (const query of [
        '',
        '?ids=',
        '?ids=abc',
        '?ids=1,,2',
        '?ids=0',
        '?ids=-1',
        '?ids=1.5',
        '?ids=99999999999',
        '?ids=1&ids=2',
        '?ids[a]=1',
        '?ids=1&other=2',
        `?ids=${tooMany}`,
      ]) {
        const res = await get(`/api/stats/DE/shares${query}`);
        expect([query, res.status, res.text]).toEqual([query, 400, '{"error":"bad_request"}']);
      }
      const most = Array.from({ length: 200 }, (_, i) => i + 1).join(',');
      expect((await get(`/api/stats/DE/shares?ids=${most}`)).status).toBe(200);
    });
  });
}
