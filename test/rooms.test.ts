/** The pure room rules: modes, ambiguity, timers, host hand-over, reconnection, rematch. */
import {
  applyCommand,
  createRoom,
  defaultSettings,
  EMPTY_ROOM_GRACE_MS,
  HOST_HANDOVER_MS,
  isAbandoned,
  nextDue,
  SEAT_HOLD_MS,
  type Command,
  type Room,
  type RoomPlace,
} from '../server/rooms/room.js';
import { colorForSeat } from '../server/rooms/colors.js';
import { gameResults, roomState } from '../server/rooms/snapshot.js';
import type { Mode } from '../protocol/types.js';

const place = (id: number, name: string, population: number, capital = false): RoomPlace => ({
  id,
  name,
  country: 'US',
  admin1: 'XX',
  lat: 0,
  lon: 0,
  population,
  capital,
});
// Springfields, most populous first, as the resolver returns them.
const springfields = [
  place(1, 'Springfield', 166_810),
  place(2, 'Springfield', 154_341),
  place(3, 'Springfield', 116_565, true),
];
const boston = [place(10, 'Boston', 675_647)];

const T0 = 1_000_000;

function roomWith(mode: Mode, players: string[], durationSec = 600): Room {
  const room = createRoom(
    'ACDEFG',
    { ...defaultSettings(), mode, durationSec },
    { places: 100, population: 1_000_000 },
    T0,
  );
  for (const name of players) {
    applyCommand(
      room,
      { type: 'join', nickname: name, playerId: name.toLowerCase(), token: `t-${name}` },
      T0,
    );
  }
  return room;
}

function run(room: Room, command: Command, now = T0 + 1000) {
  return applyCommand(room, command, now);
}

function started(mode: Mode, players = ['Ann', 'Ben']): Room {
  const room = roomWith(mode, players);
  expect(run(room, { type: 'start', playerId: 'ann', gameId: 'g' }, T0).reply.ok).toBe(true);
  return room;
}

const guess = (room: Room, playerId: string, candidates: RoomPlace[], now = T0 + 1000) =>
  run(room, { type: 'guess', playerId, candidates }, now).reply;

describe('joining', () => {
  test('the creator is host; nicknames are made unique; colours differ', () => {
    const room = roomWith('race', ['Ann', 'Ben', 'ben']);
    const state = roomState(room);
    expect(state.hostId).toBe('ann');
    expect(state.players.map((p) => p.nickname)).toEqual(['Ann', 'Ben', 'ben 2']);
    expect(new Set(state.players.map((p) => p.color)).size).toBe(3);
  });

  test('a full room refuses the next player', () => {
    const room = roomWith('race', ['Ann']);
    room.settings.maxPlayers = 1;
    const { reply } = run(room, { type: 'join', nickname: 'Ben', playerId: 'ben', token: 't' });
    expect(reply).toMatchObject({ ok: false, code: 'room_full' });
  });

  test('a long nickname keeps its suffix within 24 characters', () => {
    const long = 'x'.repeat(24);
    const room = roomWith('race', [long, long]);
    const names = roomState(room).players.map((p) => p.nickname);
    expect(names[1]).toBe('x'.repeat(22) + ' 2');
  });
});

describe('player colours', () => {
  test('the first two are blue and orange, told apart with every common colour vision', () => {
    const first = colorForSeat([]);
    expect([first, colorForSeat([first])]).toEqual(['#0072b2', '#e69f00']);
  });

  test('fifty players get fifty colours', () => {
    const colors: string[] = [];
    for (let i = 0; i < 50; i++) colors.push(colorForSeat(colors));
    expect(new Set(colors).size).toBe(50);
  });
});

describe('settings and phases', () => {
  test('only the host changes settings, and only in the lobby', () => {
    const room = roomWith('race', ['Ann', 'Ben']);
    expect(
      run(room, { type: 'settings', playerId: 'ben', settings: { mode: 'coop' } }).reply,
    ).toMatchObject({ code: 'not_host' });
    expect(
      run(room, { type: 'settings', playerId: 'ann', settings: { mode: 'coop' } }).reply.ok,
    ).toBe(true);
    expect(room.settings.mode).toBe('coop');
    run(room, { type: 'start', playerId: 'ann', gameId: 'g' });
    expect(
      run(room, { type: 'settings', playerId: 'ann', settings: { mode: 'race' } }).reply,
    ).toMatchObject({ code: 'wrong_phase' });
  });

  test('only the host starts; a guess before the start is refused', () => {
    const room = roomWith('race', ['Ann', 'Ben']);
    expect(guess(room, 'ann', boston)).toMatchObject({ ok: false, code: 'wrong_phase' });
    expect(run(room, { type: 'start', playerId: 'ben', gameId: 'g' }).reply).toMatchObject({
      code: 'not_host',
    });
    expect(run(room, { type: 'start', playerId: 'ann', gameId: 'g' }, T0).reply.ok).toBe(true);
    expect(room.endsAt).toBe(T0 + 600_000);
  });

  test('the game ends on its timer, at endsAt, without anyone sending anything', () => {
    const room = started('race');
    expect(run(room, { type: 'tick' }, T0 + 599_999).events).toEqual([]);
    const { events } = run(room, { type: 'tick' }, T0 + 600_250);
    expect(events.map((e) => e.type)).toContain('ended');
    expect(room.phase).toBe('finished');
    expect(room.endedAt).toBe(T0 + 600_000);
    expect(guess(room, 'ann', boston, T0 + 600_300)).toMatchObject({ code: 'wrong_phase' });
  });

  test('an untimed game runs until the host ends it', () => {
    const room = roomWith('race', ['Ann', 'Ben'], 0);
    run(room, { type: 'start', playerId: 'ann', gameId: 'g' });
    expect(room.endsAt).toBeNull();
    expect(run(room, { type: 'tick' }, T0 + 10 * 3600_000).events).toEqual([]);
    expect(run(room, { type: 'end', playerId: 'ben' }).reply).toMatchObject({ code: 'not_host' });
    expect(run(room, { type: 'end', playerId: 'ann' }).events.map((e) => e.type)).toContain(
      'ended',
    );
  });

  test('a rematch returns to the lobby with the same players and no finds', () => {
    const room = started('race');
    guess(room, 'ben', boston);
    run(room, { type: 'end', playerId: 'ann' });
    expect(run(room, { type: 'rematch', playerId: 'ann' }).reply.ok).toBe(true);
    const state = roomState(room);
    expect(state.phase).toBe('lobby');
    expect(state.found).toEqual([]);
    expect(state.players.map((p) => [p.nickname, p.score])).toEqual([
      ['Ann', 0],
      ['Ben', 0],
    ]);
  });
});

describe('race mode', () => {
  test('the first to name a place finds it; the next is told who took it', () => {
    const room = started('race');
    expect(guess(room, 'ann', boston)).toMatchObject({
      ok: true,
      result: { kind: 'found', place: { id: 10 } },
    });
    expect(guess(room, 'ben', boston)).toMatchObject({
      ok: true,
      result: { kind: 'taken', place: { id: 10 }, by: 'ann' },
    });
    expect(guess(room, 'ann', boston)).toMatchObject({ result: { kind: 'repeat' } });
  });

  test('an ambiguous name claims the most populous open place, then the next', () => {
    const room = started('race');
    const ids = [
      guess(room, 'ann', springfields),
      guess(room, 'ben', springfields),
      guess(room, 'ann', springfields),
    ].map((r) => (r.ok && r.result?.kind === 'found' ? r.result.place.id : undefined));
    expect(ids).toEqual([1, 2, 3]);
    expect(guess(room, 'ben', springfields)).toMatchObject({
      result: { kind: 'taken', by: 'ann' },
    });
  });

  test('finds carry increasing seq numbers and the room tallies them per player', () => {
    const room = started('race');
    const first = run(room, { type: 'guess', playerId: 'ann', candidates: springfields });
    const second = run(room, { type: 'guess', playerId: 'ann', candidates: springfields });
    const seqs = [first, second].map((o) =>
      o.events[0]?.type === 'found' ? o.events[0].find.seq : 0,
    );
    expect(seqs[1]).toBeGreaterThan(seqs[0]!);
    guess(room, 'ann', springfields); // the capital
    const ann = roomState(room).players.find((p) => p.id === 'ann')!;
    expect(ann).toMatchObject({ score: 3, population: 166_810 + 154_341 + 116_565, capitals: 1 });
    expect(roomState(room).progress).toEqual({
      places: 3,
      population: 166_810 + 154_341 + 116_565,
      capitals: 1,
    });
  });

  test('a miss changes nothing', () => {
    const room = started('race');
    const outcome = run(room, { type: 'guess', playerId: 'ann', candidates: [] });
    expect(outcome.reply).toMatchObject({ ok: true, result: { kind: 'miss' } });
    expect(outcome.events).toEqual([]);
  });
});

describe('parallel and coop modes', () => {
  test('parallel: the same place counts for each player who names it', () => {
    const room = started('parallel');
    expect(guess(room, 'ann', boston)).toMatchObject({ result: { kind: 'found' } });
    expect(guess(room, 'ben', boston)).toMatchObject({ result: { kind: 'found' } });
    expect(guess(room, 'ben', boston)).toMatchObject({ result: { kind: 'repeat' } });
    expect(roomState(room).players.map((p) => p.score)).toEqual([1, 1]);
    expect(roomState(room).progress.places).toBe(1);
  });

  test('coop: a place a teammate found is a repeat, not taken', () => {
    const room = started('coop');
    guess(room, 'ann', boston);
    expect(guess(room, 'ben', boston)).toMatchObject({ result: { kind: 'repeat' } });
  });
});

describe('leaving and reconnecting', () => {
  test('the host role passes on when the host leaves', () => {
    const room = roomWith('race', ['Ann', 'Ben', 'Cid']);
    run(room, { type: 'leave', playerId: 'ann' });
    expect(room.hostId).toBe('ben');
    expect(roomState(room).players.map((p) => p.nickname)).toEqual(['Ben', 'Cid']);
  });

  test('a disconnected player is shown as such and takes the seat back by token, score kept', () => {
    const room = started('race');
    guess(room, 'ben', boston);
    run(room, { type: 'disconnect', playerId: 'ben' });
    expect(roomState(room).players.find((p) => p.id === 'ben')?.connected).toBe(false);
    const { reply } = run(room, { type: 'rejoin', token: 't-Ben' }, T0 + SEAT_HOLD_MS - 1);
    expect(reply).toMatchObject({ ok: true, playerId: 'ben' });
    expect(roomState(room).players.find((p) => p.id === 'ben')).toMatchObject({
      connected: true,
      score: 1,
    });
  });

  test('a host gone for 30 s hands the role to a connected player, and everyone is told', () => {
    const room = roomWith('race', ['Ann', 'Ben', 'Cid']);
    run(room, { type: 'disconnect', playerId: 'ann' }, T0);
    expect(nextDue(room)).toBe(T0 + HOST_HANDOVER_MS);
    expect(run(room, { type: 'tick' }, T0 + HOST_HANDOVER_MS - 1).events).toEqual([]);
    expect(room.hostId).toBe('ann');
    const { events } = run(room, { type: 'tick' }, T0 + HOST_HANDOVER_MS);
    expect(events).toEqual([{ type: 'state' }]);
    expect(roomState(room).hostId).toBe('ben');
    // Ann comes back as a player; Ben stays host.
    run(room, { type: 'rejoin', token: 't-Ann' }, T0 + HOST_HANDOVER_MS + 1);
    expect(room.hostId).toBe('ben');
  });

  test('a host back within 30 s stays host; a host alone keeps the role while nobody is there', () => {
    const room = roomWith('race', ['Ann', 'Ben']);
    run(room, { type: 'disconnect', playerId: 'ann' }, T0);
    run(room, { type: 'rejoin', token: 't-Ann' }, T0 + HOST_HANDOVER_MS - 1);
    run(room, { type: 'tick' }, T0 + HOST_HANDOVER_MS);
    expect(room.hostId).toBe('ann');

    run(room, { type: 'disconnect', playerId: 'ben' }, T0 + 1);
    run(room, { type: 'disconnect', playerId: 'ann' }, T0 + 2);
    expect(nextDue(room)).toBe(T0 + 1 + SEAT_HOLD_MS);
    run(room, { type: 'tick' }, T0 + HOST_HANDOVER_MS + 5);
    expect(room.hostId).toBe('ann');
  });

  test('a seat is held ten minutes, then given up', () => {
    const room = roomWith('race', ['Ann', 'Ben']);
    run(room, { type: 'disconnect', playerId: 'ann' }, T0);
    run(room, { type: 'tick' }, T0 + SEAT_HOLD_MS - 1);
    expect(roomState(room).players).toHaveLength(2);
    run(room, { type: 'tick' }, T0 + SEAT_HOLD_MS);
    expect(roomState(room).players.map((p) => p.id)).toEqual(['ben']);
    expect(room.hostId).toBe('ben');
    expect(run(room, { type: 'rejoin', token: 't-Ann' }).reply).toMatchObject({
      code: 'unauthorized',
    });
  });
});

describe('results', () => {
  test('rank by places, then population; the room’s share of the scope’s population', () => {
    const room = started('race', ['Ann', 'Ben', 'Cid']);
    guess(room, 'ben', boston);
    guess(room, 'ann', springfields);
    guess(room, 'ann', springfields);
    run(room, { type: 'end', playerId: 'ann' }, T0 + 5000);
    const results = gameResults(room, 'g1');
    expect(results.ranking.map((r) => [r.nickname, r.rank, r.score])).toEqual([
      ['Ann', 1, 2],
      ['Ben', 2, 1],
      ['Cid', 3, 0],
    ]);
    expect(results.ranking[0]!.finds.map((f) => f.place.id)).toEqual([1, 2]);
    expect(results.populationShare).toBeCloseTo((675_647 + 166_810 + 154_341) / 1_000_000);
    expect(results.endedAt).toBe(T0 + 5000);
  });

  test('a room with no seats left is abandoned after the grace period', () => {
    const room = roomWith('race', ['Ann']);
    expect(isAbandoned(room, T0 + 10 * EMPTY_ROOM_GRACE_MS)).toBe(false);
    run(room, { type: 'leave', playerId: 'ann' }, T0 + 1000);
    expect(isAbandoned(room, T0 + 1000 + EMPTY_ROOM_GRACE_MS - 1)).toBe(false);
    expect(isAbandoned(room, T0 + 1000 + EMPTY_ROOM_GRACE_MS)).toBe(true);
  });

  test('the snapshot never carries session tokens', () => {
    const room = started('race');
    expect(JSON.stringify(roomState(room))).not.toMatch(/t-Ann|t-Ben/);
  });
});
