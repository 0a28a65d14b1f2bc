/** The operator's dashboard without a browser: the hour its charts draw, the rooms' order, ages. */
import type { AdminFrame, HourPoint, RoomRow } from '../protocol/admin.js';
import { formatAge } from '../client/src/admin/format.js';
import { HourSeries, pointOfFrame } from '../client/src/admin/hour-series.js';
import { nextOrder, sortRooms, type RoomOrder } from '../client/src/admin/room-order.js';

const T0 = 1_800_000_000_000;

function point(second: number, guesses = 1): HourPoint {
  return {
    t: T0 + second * 1000,
    guesses,
    finds: 0,
    p95: null,
    players: 2,
    rooms: 1,
    lagMs: 3,
    rssBytes: 100,
    errors: 0,
  };
}

function frame(at: number, guessesPerSecond: number): AdminFrame {
  const figures = {
    guessesPerSecond,
    findsPerSecond: 1,
    guessLatencyMs: { p50: 1, p95: 2, p99: 4 },
    cacheHitRatio: { memory: 1, redis: null, database: null },
    eventLoopLagMs: 5,
    rssBytes: 200,
    heapUsedBytes: 100,
    players: 3,
    spectators: 0,
    errorsPerMinute: { rate_limited: 30, bad_request: 30 },
    rateLimitedPerMinute: 30,
    unknownEventsPerMinute: 0,
    clientErrorsPerMinute: 0,
    impossiblePerMinute: 0,
  };
  return {
    at,
    nodes: [{ ...figures, node: 'a', seenAt: at }],
    total: figures,
    roomsByPhase: { lobby: 1, playing: 2, finished: 0 },
    rooms: [],
    roomCount: 0,
    clientErrors: [],
  };
}

describe('the last hour', () => {
  test('a frame becomes a point of its second, per second like the server’s points', () => {
    expect(pointOfFrame(frame(T0 + 1500, 7))).toEqual({
      t: T0 + 1000,
      guesses: 7,
      finds: 1,
      p95: 2,
      players: 3,
      rooms: 3,
      lagMs: 5,
      rssBytes: 200,
      errors: 1,
    });
  });

  test('frames extend the seeded hour in seconds; a repeated or older second is ignored', () => {
    const series = new HourSeries();
    series.seed([point(0), point(1), point(2)]);
    series.append(frame(T0 + 2400, 9));
    series.append(frame(T0 + 3100, 9));
    series.append(frame(T0 + 1000, 9));
    expect(series.columns.t).toEqual([0, 1, 2, 3].map((s) => (T0 + s * 1000) / 1000));
    expect(series.columns.guesses).toEqual([1, 1, 1, 9]);
  });

  test('keeps one hour at most, every column alike', () => {
    const series = new HourSeries();
    series.seed(Array.from({ length: 3600 }, (_, s) => point(s, s)));
    expect(series.length).toBe(3600);
    series.append(frame(T0 + 3600 * 1000, 42));
    expect(series.length).toBe(3600);
    expect(series.columns.guesses[0]).toBe(1);
    expect(series.columns.guesses.at(-1)).toBe(42);
    for (const column of Object.values(series.columns)) expect(column).toHaveLength(3600);
  });

  test('a new seed (a reconnection) replaces the hour', () => {
    const series = new HourSeries();
    series.seed([point(10), point(11)]);
    series.seed([point(0)]);
    expect(series.length).toBe(1);
    series.append(frame(T0 + 5000, 1));
    expect(series.length).toBe(2);
  });
});

describe('the rooms table’s order', () => {
  const row = (code: string, players: number, ageMinutes: number): RoomRow => ({
    code,
    scope: 'DE',
    mode: 'race',
    phase: 'playing',
    players,
    finds: 0,
    guessesPerSecond: 0,
    createdAt: T0 - ageMinutes * 60_000,
  });
  const rows = [row('BBBBBB', 2, 5), row('AAAAAA', 4, 1), row('CCCCCC', 2, 30)];
  const codes = (order: RoomOrder) => sortRooms(rows, order).map((r) => r.code);

  test('by age, youngest first, then the other way', () => {
    expect(codes({ column: 'age', direction: 'ascending' })).toEqual([
      'AAAAAA',
      'BBBBBB',
      'CCCCCC',
    ]);
    expect(codes({ column: 'age', direction: 'descending' })).toEqual([
      'CCCCCC',
      'BBBBBB',
      'AAAAAA',
    ]);
  });

  test('by a figure, the most first; ties by code', () => {
    const order = nextOrder({ column: 'age', direction: 'ascending' }, 'players');
    expect(order).toEqual({ column: 'players', direction: 'descending' });
    expect(codes(order)).toEqual(['AAAAAA', 'BBBBBB', 'CCCCCC']);
  });

  test('a second click on a header turns the order round', () => {
    const byCode = nextOrder({ column: 'players', direction: 'descending' }, 'code');
    expect(byCode).toEqual({ column: 'code', direction: 'ascending' });
    expect(nextOrder(byCode, 'code')).toEqual({ column: 'code', direction: 'descending' });
  });
});

test('ages read as an operator says them', () => {
  expect(formatAge(42_000)).toBe('42 s');
  expect(formatAge(3 * 60_000 + 59_000)).toBe('3 min');
  expect(formatAge(2 * 3_600_000)).toBe('2 h');
  expect(formatAge(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
  expect(formatAge(3 * 86_400_000)).toBe('3 d');
});
