/**
 * A room's events put in order, without a browser (client/src/state/room-feed.ts):
 * finds that arrive ahead of their turn wait for the ones before them, a gap
 * that does not close asks for the whole state, and a find costs the same
 * at the thousandth as at the first.
 */
import type { Find, RoomState } from '../protocol/types.js';
import { RoomFeed } from '../client/src/state/room-feed.js';

const room: RoomState = {
  code: 'ACDEFG',
  phase: 'playing',
  hostId: 'ann',
  settings: { scope: 'DE', mode: 'race', durationSec: 600, maxPlayers: 16, public: false },
  players: [
    {
      id: 'ann',
      nickname: 'Ann',
      color: '#0072b2',
      score: 0,
      population: 0,
      capitals: 0,
      connected: true,
    },
  ],
  endsAt: null,
  totals: { places: 100_000, population: 100_000_000 },
  progress: { places: 0, population: 0, capitals: 0 },
  found: [],
  seq: 1,
};
const find = (seq: number, id = seq): Find => ({
  seq,
  playerId: 'ann',
  at: 0,
  place: { id, name: `P${id}`, country: 'DE', admin1: '01', lat: 0, lon: 0, population: 10 },
});

test('finds in order are applied at once', () => {
  const feed = new RoomFeed();
  feed.state(room);
  expect(feed.find(find(2)).finds.map((f) => f.seq)).toEqual([2]);
  expect(feed.find(find(3)).finds.map((f) => f.seq)).toEqual([3]);
  expect(feed.view!.room.seq).toBe(3);
  expect(feed.waiting).toBe(false);
});

test('a find ahead of its turn waits, and comes with the one that closes the gap', () => {
  const feed = new RoomFeed();
  feed.state(room);
  expect(feed.find(find(4)).finds).toEqual([]);
  expect(feed.find(find(3)).finds).toEqual([]);
  expect(feed.waiting).toBe(true);
  expect(feed.find(find(2)).finds.map((f) => f.seq)).toEqual([2, 3, 4]);
  expect(feed.waiting).toBe(false);
});

test('a whole state that covers the held finds lets them go; later ones follow it', () => {
  const feed = new RoomFeed();
  feed.state(room);
  feed.find(find(4));
  feed.find(find(6));
  const change = feed.state({ ...room, seq: 5, found: [find(2), find(3), find(4)] });
  expect(change.finds.map((f) => f.seq)).toEqual([6]);
  expect(feed.view!.room.found.map((f) => f.seq)).toEqual([2, 3, 4, 6]);
  expect(feed.waiting).toBe(false);
});

test('giving up on a gap drops the held finds (the caller asks for the whole state)', () => {
  const feed = new RoomFeed();
  feed.state(room);
  feed.find(find(5));
  feed.giveUp();
  expect(feed.waiting).toBe(false);
  expect(feed.view!.room.seq).toBe(1);
});

test('old and repeated events change nothing; nothing is known before a state', () => {
  const feed = new RoomFeed();
  expect(feed.find(find(2)).changed).toBe(false);
  feed.state(room);
  feed.find(find(2));
  expect(feed.find(find(2)).changed).toBe(false);
  expect(feed.state({ ...room, seq: 1 }).changed).toBe(false);
});

test('a find costs constant work: the room is not copied per find', () => {
  const feed = new RoomFeed();
  feed.state(room);
  const found = feed.view!.room.found;
  for (let seq = 2; seq < 10_002; seq++) feed.find(find(seq));
  // The same list grew in place: 10,000 finds, no copy per find.
  expect(feed.view!.room.found).toBe(found);
  expect(found).toHaveLength(10_000);
  expect(feed.view!.room.progress.places).toBe(10_000);
  expect(feed.view!.room.players[0]!.score).toBe(10_000);
});
