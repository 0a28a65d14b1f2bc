/** The browser client's room state, without a browser: finds folded in, gaps detected. */
import type { Find, RoomState } from '../protocol/types.js';
import {
  applyFind,
  applyState,
  populationShare,
  ranking,
  viewOf,
  type RoomView,
} from '../client/src/state/room-view.js';

const room: RoomState = {
  code: 'ACDEFG',
  phase: 'playing',
  hostId: 'ann',
  settings: { scope: 'DE', mode: 'race', durationSec: 600, maxPlayers: 16, public: false },
  players: [
    {
      id: 'ann',
      nickname: 'Ann',
      color: '#e6194b',
      score: 0,
      population: 0,
      capitals: 0,
      connected: true,
    },
    {
      id: 'ben',
      nickname: 'Ben',
      color: '#3cb44b',
      score: 0,
      population: 0,
      capitals: 0,
      connected: true,
    },
  ],
  endsAt: 1_000_000,
  totals: { places: 100, population: 10_000_000 },
  progress: { places: 0, population: 0, capitals: 0 },
  found: [],
  seq: 3,
};
const find = (seq: number, playerId: string, id: number, population: number): Find => ({
  seq,
  playerId,
  at: 0,
  place: { id, name: `P${id}`, country: 'DE', admin1: '01', lat: 0, lon: 0, population },
});

function applied(view: RoomView, f: Find): RoomView {
  const result = applyFind(view, f);
  if (result.kind !== 'applied') throw new Error(`expected applied, got ${result.kind}`);
  return result.view;
}

test('a find credits its player and the room, and moves seq on', () => {
  const view = applied(viewOf(room), find(4, 'ben', 1, 1_000_000));
  expect(view.room.seq).toBe(4);
  expect(view.players.get('ben')).toMatchObject({ score: 1, population: 1_000_000 });
  expect(view.room.progress).toMatchObject({ places: 1, population: 1_000_000 });
  expect(populationShare(view)).toBeCloseTo(0.1);
  expect(ranking(view).map((p) => p.nickname)).toEqual(['Ben', 'Ann']);
});

test('a repeated or old find changes nothing; a gap asks for a resync', () => {
  const view = applied(viewOf(room), find(4, 'ann', 1, 10));
  expect(applyFind(view, find(4, 'ann', 1, 10)).kind).toBe('stale');
  expect(applyFind(view, find(2, 'ann', 9, 10)).kind).toBe('stale');
  expect(applyFind(view, find(6, 'ann', 2, 10)).kind).toBe('gap');
});

test('the same place named by two players (parallel) counts once for the room', () => {
  let view = applied(viewOf(room), find(4, 'ann', 1, 500));
  view = applied(view, find(5, 'ben', 1, 500));
  expect(view.room.progress.places).toBe(1);
  expect(view.room.players.map((p) => p.score)).toEqual([1, 1]);
});

test('a late, older room:state does not roll the view back', () => {
  const view = applied(viewOf(room), find(4, 'ann', 1, 10));
  expect(applyState(view, room).kind).toBe('stale');
  expect(applyState(view, { ...room, seq: 9 }).kind).toBe('applied');
  expect(applyState(view, { ...room, code: 'XXXXXX', seq: 1 }).kind).toBe('applied');
});
