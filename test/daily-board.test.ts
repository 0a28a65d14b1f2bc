/**
 * The daily quiz over real sockets and HTTP, on PGlite and PostgreSQL: a
 * daily room plays today's quiz and keeps it; a finished daily game puts one
 * entry per browser on the day's board (a browser's later games are
 * practice); a bad nickname cannot get on it; the board starts anew at
 * midnight UTC and days older than 30 are deleted. The node's clock is the
 * test's, starting on a day of a year of its own so that runs never meet.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { DailyBoard, DailyQuizInfo } from '../protocol/daily.js';
import type { GameEnded } from '../protocol/types.js';
import { addDays, dailyNumber, dayStart } from '../server/daily/daily-rotation.js';
import { PinnedDailyQuizzes } from '../server/daily/pinned-quizzes.js';
import { testDatabases } from './support/databases.js';
import { testPlaces } from './support/places.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  startTestNode,
  TestClock,
  type PlayerSocket,
  type TestNode,
} from './support/game-client.js';

/** A day far from any other run's: 2040 to 2090. */
const firstDay = addDays('2040-01-01', Math.floor(Math.random() * 18_000));
const browser = () => `t${randomUUID().replace(/-/g, '')}`;

describe.each(testDatabases)('the daily quiz on $name', (testDb) => {
  let db: Database;
  let server: TestNode;
  const clock = new TestClock();

  beforeAll(async () => {
    clock.now = dayStart(firstDay) + 12 * 3600_000;
    db = await testDb.openImported();
    server = await startTestNode(db, { clock });
  }, 120_000);
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const getJson = async <T>(path: string): Promise<{ status: number; body: T; text: string }> => {
    const response = await fetch(`${server.url}${path}`);
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as T, text };
  };
  const today = () => getJson<DailyQuizInfo>('/api/daily').then((r) => r.body);

  /** The largest places of `scope`, as a finished game lists the ones nobody named. */
  async function placeNames(scope: string): Promise<string[]> {
    const host = await connectPlayer(server.url);
    await call(host, 'room:create', { nickname: 'Scout', settings: { scope } });
    await call(host, 'game:start', {});
    const ended = nextEvent(host, 'game:ended');
    await call(host, 'game:end', {});
    // Distinct names: two places of one name would be one guess.
    return [...new Set((await ended).missed.map((p) => p.name))];
  }

  interface Seat {
    socket: PlayerSocket;
    playerId: string;
  }

  /** A daily room: its host and the others, each with their browser id (or none). */
  async function dailyRoom(players: { nickname: string; browserId?: string }[]) {
    const [first, ...others] = players;
    const host = await connectPlayer(server.url);
    const created = await call(host, 'room:create', {
      nickname: first!.nickname,
      settings: { daily: true },
      ...(first!.browserId ? { browserId: first!.browserId } : {}),
    });
    expect(created.ok).toBe(true);
    const seats: Seat[] = [{ socket: host, playerId: created.you.playerId }];
    for (const player of others) {
      const socket = await connectPlayer(server.url);
      const joined = await call(socket, 'room:join', { code: created.room.code, ...player });
      expect(joined.ok).toBe(true);
      seats.push({ socket, playerId: joined.you.playerId });
    }
    return { code: created.room.code as string, room: created.room, seats };
  }

  /** Plays one game in the room: each seat names its places, then the host ends it. */
  async function play(seats: Seat[], names: string[][]): Promise<GameEnded> {
    expect(await call(seats[0]!.socket, 'game:start', {})).toEqual({ ok: true });
    for (const [i, seat] of seats.entries()) {
      for (const name of names[i] ?? []) {
        const ack = await call(seat.socket, 'guess', { text: name });
        expect(ack).toMatchObject({ ok: true, result: { kind: 'found' } });
      }
    }
    const ended = nextEvent(seats[0]!.socket, 'game:ended');
    expect(await call(seats[0]!.socket, 'game:end', {})).toEqual({ ok: true });
    return ended;
  }

  test('GET /api/daily answers today’s quiz, the same all day, numbered from the launch', async () => {
    const quiz = await today();
    expect(quiz).toEqual({
      number: dailyNumber(firstDay),
      date: firstDay,
      scope: expect.any(String),
      name: expect.any(String),
      places: expect.any(Number),
      population: expect.any(Number),
      endsAt: dayStart(addDays(firstDay, 1)),
    });
    expect(quiz.places).toBeGreaterThanOrEqual(300);
    clock.advance(11 * 3600_000); // 23:00 UTC
    expect(await today()).toEqual(quiz);
    clock.now = dayStart(firstDay) + 12 * 3600_000;
  });

  test('a daily room plays today’s quiz, parallel, 10 minutes, and its host cannot change them', async () => {
    const quiz = await today();
    const { room, seats } = await dailyRoom([{ nickname: 'Ada', browserId: browser() }]);
    expect(room.settings).toMatchObject({
      daily: true,
      scope: quiz.scope,
      mode: 'parallel',
      durationSec: 600,
      public: false,
    });
    expect(room.totals).toEqual({ places: quiz.places, population: quiz.population });
    const host = seats[0]!.socket;
    for (const settings of [
      { scope: 'world' },
      { mode: 'race' },
      { durationSec: 60 },
      { public: true },
    ]) {
      expect(await call(host, 'room:settings', { settings })).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/daily/) },
      });
    }
    // An ordinary room cannot become the daily quiz under another's settings.
    const other = await connectPlayer(server.url);
    await call(other, 'room:create', { nickname: 'Bo', settings: { scope: 'world' } });
    expect(await call(other, 'room:settings', { settings: { daily: true } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    // Turned off, it is an ordinary room again.
    expect(
      await call(host, 'room:settings', { settings: { daily: false, scope: 'world' } }),
    ).toEqual({
      ok: true,
    });
  });

  test('one entry per browser: the first finished daily game counts, later ones are practice', async () => {
    const quiz = await today();
    const names = await placeNames(quiz.scope);
    const ada = browser();
    const ben = browser();
    const { seats } = await dailyRoom([
      { nickname: 'Ada', browserId: ada },
      { nickname: 'Ben', browserId: ben },
      { nickname: 'Cy' }, // no browser id: an older client, never on the board
    ]);
    const first = await play(seats, [names.slice(0, 3), names.slice(3, 4), names.slice(4, 6)]);
    expect(first.results.daily).toEqual({ number: quiz.number, date: quiz.date });
    const standing = (ended: GameEnded, seat: Seat) =>
      ended.daily?.find((s) => s.playerId === seat.playerId);
    expect(standing(first, seats[0]!)).toMatchObject({ entry: true, rank: 1 });
    expect(standing(first, seats[1]!)).toMatchObject({ entry: true, rank: 2 });
    expect(standing(first, seats[2]!)).toMatchObject({ entry: false, rank: null });

    const board = await getJson<DailyBoard>('/api/daily/board');
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({ number: quiz.number, date: quiz.date, scope: quiz.scope });
    const share = (seat: number) =>
      first.results.ranking.find((p) => p.playerId === seats[seat]!.playerId)!.population /
      first.results.totals.population;
    expect(board.body.entries.filter((e) => ['Ada', 'Ben', 'Cy'].includes(e.nickname))).toEqual([
      {
        rank: 1,
        nickname: 'Ada',
        places: 3,
        populationShare: share(0),
        finishedAt: first.results.endedAt,
      },
      {
        rank: 2,
        nickname: 'Ben',
        places: 1,
        populationShare: share(1),
        finishedAt: first.results.endedAt,
      },
    ]);
    // Nicknames only: no browser id leaves the server.
    expect(board.text).not.toContain(ada);
    expect(board.text).not.toContain(ben);

    // Ada plays again, better, from the same browser: practice; Ben's second game is his worse one.
    expect(await call(seats[0]!.socket, 'room:rematch', {})).toEqual({ ok: true });
    const second = await play(seats, [names.slice(0, 6), [], []]);
    expect(standing(second, seats[0]!)).toMatchObject({ entry: false, rank: 1 });
    const after = await getJson<DailyBoard>('/api/daily/board');
    expect(after.body.entries.find((e) => e.nickname === 'Ada')).toMatchObject({ places: 3 });
    expect(after.body.entries.filter((e) => e.nickname === 'Ada')).toHaveLength(1);
  });

  test('a bad nickname cannot get on the board: it cannot even join', async () => {
    const { code } = await dailyRoom([{ nickname: 'Host', browserId: browser() }]);
    for (const nickname of ['', '\u200b\u200b', 'x'.repeat(200)]) {
      const socket = await connectPlayer(server.url);
      expect(
        await call(socket, 'room:join', { code, nickname, browserId: browser() }),
      ).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
      expect(
        await call(socket, 'room:create', {
          nickname,
          settings: { daily: true },
          browserId: browser(),
        }),
      ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  test('at midnight UTC the board starts anew; a game started after it plays the new day’s quiz', async () => {
    const yesterday = await today();
    const names = await placeNames(yesterday.scope);
    const { seats } = await dailyRoom([{ nickname: 'Night', browserId: browser() }]);
    clock.now = dayStart(addDays(firstDay, 1)) + 60_000; // the lobby waited past midnight
    const quiz = await today();
    expect(quiz).toMatchObject({ number: yesterday.number + 1, date: addDays(firstDay, 1) });
    const board = await getJson<DailyBoard>('/api/daily/board');
    expect(board.body).toMatchObject({ date: quiz.date, entries: [] });
    // Yesterday's board is still there, a day back.
    const kept = await getJson<DailyBoard>(`/api/daily/board?date=${firstDay}`);
    expect(kept.body.entries.map((e) => e.nickname)).toEqual(
      expect.arrayContaining(['Ada', 'Ben']),
    );

    const newNames = quiz.scope === yesterday.scope ? names : await placeNames(quiz.scope);
    const ended = await play(seats, [newNames.slice(0, 2)]);
    expect(ended.results.settings.scope).toBe(quiz.scope);
    expect(ended.results.daily).toEqual({ number: quiz.number, date: quiz.date });
    const todays = await getJson<DailyBoard>('/api/daily/board');
    expect(todays.body.entries).toEqual([
      expect.objectContaining({ nickname: 'Night', places: 2 }),
    ]);
  });

  test('boards are kept 30 days: older days are deleted when a daily game ends, and not served', async () => {
    const rowsOf = async (date: string) =>
      Number(
        (
          await db.query<{ n: string }>(
            'SELECT count(*) AS n FROM daily_results WHERE date = $1::date',
            [date],
          )
        )[0]!.n,
      );
    expect(await rowsOf(firstDay)).toBeGreaterThan(0);
    // 29 days later the first day is the oldest one kept.
    clock.now = dayStart(addDays(firstDay, 29)) + 3600_000;
    expect((await getJson(`/api/daily/board?date=${firstDay}`)).status).toBe(200);
    clock.now = dayStart(addDays(firstDay, 30)) + 3600_000;
    expect((await getJson(`/api/daily/board?date=${firstDay}`)).status).toBe(404);
    const quiz = await today();
    const names = await placeNames(quiz.scope);
    const { seats } = await dailyRoom([{ nickname: 'Late', browserId: browser() }]);
    await play(seats, [names.slice(0, 1)]);
    await server.game.settled();
    expect(await rowsOf(firstDay)).toBe(0);
    expect(await rowsOf(addDays(firstDay, 1))).toBe(1);
    // A date of the future, or no date at all, is no board.
    expect((await getJson(`/api/daily/board?date=${addDays(quiz.date, 1)}`)).status).toBe(404);
    expect((await getJson('/api/daily/board?date=yesterday')).status).toBe(400);
  });

  test('a day keeps the quiz it was dealt, even when a later release deals another', async () => {
    // A day of its own, far from the other tests' days.
    const day = addDays(firstDay, 5000);
    const at = dayStart(day) + 3600_000;
    const { gazetteer } = await testPlaces(db);
    const scopes = ['DE', 'FR'].map((id) => gazetteer.scope(id)!);
    const rotationOf = (scope: (typeof scopes)[number]) => (date: string) => ({
      number: dailyNumber(date),
      date,
      scope: scope.id,
      name: scope.name,
      places: scope.places,
      population: scope.population,
      endsAt: dayStart(addDays(date, 1)),
    });
    const before = new PinnedDailyQuizzes(db, rotationOf(scopes[0]!), gazetteer, () => at);
    await before.pin();
    expect(before.quizOf(day)).toMatchObject({ scope: 'DE', name: 'Germany' });
    // The next release's rotation would deal France for the same day, and the day after.
    const after = new PinnedDailyQuizzes(db, rotationOf(scopes[1]!), gazetteer, () => at);
    await after.pin();
    expect(after.quizOf(day)).toMatchObject({
      scope: 'DE',
      name: 'Germany',
      number: dailyNumber(day),
    });
    expect(after.quizOf(addDays(day, 1))).toMatchObject({ scope: 'DE' });
    // A day neither pinned (two days on) gets the rotation's quiz.
    expect(after.quizOf(addDays(day, 2))).toMatchObject({ scope: 'FR' });
  });
});
