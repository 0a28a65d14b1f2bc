/**
 * The rules of the room's chat and the host's tools (issue 18, parts 1 and
 * 2), pure: the chat's allowance, the fairness rule (a message naming a
 * place nobody has found is held until the game ends), removal and its
 * 10-minute hold, mute, passing the host role, a host who leaves.
 */
import { CHAT_BURST, CHAT_REFILL_MS, KICK_HOLD_MS } from '../protocol/chat.js';
import type { ChatMessage, Mode } from '../protocol/types.js';
import {
  applyCommand,
  createRoom,
  defaultSettings,
  type Command,
  type Outcome,
  type Room,
  type RoomPlace,
} from '../server/rooms/room.js';
import { nameRuns } from '../server/places/mentions.js';
import { chatLines } from '../server/rooms/chat.js';
import { roomState } from '../server/rooms/snapshot.js';

const T0 = 1_000_000;
const place = (id: number, name: string): RoomPlace => ({
  id,
  name,
  country: 'DE',
  admin1: '16',
  lat: 0,
  lon: 0,
  population: 1000 * id,
  capital: false,
});
const BERLIN = place(1, 'Berlin');
const HAMBURG = place(2, 'Hamburg');

function roomWith(players: string[], mode: Mode = 'race'): Room {
  const room = createRoom(
    'ACDEFG',
    { ...defaultSettings(), scope: 'DE', mode },
    { places: 100, population: 1_000_000 },
    T0,
  );
  for (const name of players) {
    const id = name.toLowerCase();
    applyCommand(
      room,
      { type: 'join', nickname: name, playerId: id, token: `t-${id}`, browser: `browser-${id}` },
      T0,
    );
  }
  return room;
}

const run = (room: Room, command: Command, now = T0 + 1000): Outcome =>
  applyCommand(room, command, now);

/** A chat command as the game service makes it: the text, masked, and the places it names. */
function say(
  room: Room,
  playerId: string,
  text: string,
  now = T0 + 1000,
  mentions: number[] = [],
): Outcome {
  return run(
    room,
    { type: 'chat', playerId, text, masked: text.replace(/darn/g, 'd***'), mentions, scope: 'DE' },
    now,
  );
}

const lines = (outcome: Outcome): readonly ChatMessage[] => chatLines(outcome.events);

describe('the chat', () => {
  test('a message is a line for the room, numbered, with its sender as they are now', () => {
    const room = roomWith(['Ann', 'Ben']);
    const first = say(room, 'ben', 'hello all');
    expect(first.reply).toEqual({ ok: true, held: false });
    expect(lines(first)).toEqual([
      {
        kind: 'said',
        id: 1,
        at: T0 + 1000,
        playerId: 'ben',
        nickname: 'Ben',
        color: expect.any(String),
        text: 'hello all',
      },
    ]);
    expect(lines(say(room, 'ann', 'hi Ben'))[0]!.id).toBe(2);
    // No room event is counted for a chat line: seq is the room's events, not its talk.
    expect(room.seq).toBe(2);
  });

  test('the filter is on unless the host turns it off, in any phase', () => {
    const room = roomWith(['Ann', 'Ben']);
    expect(lines(say(room, 'ben', 'darn it'))[0]).toMatchObject({ text: 'd*** it' });
    expect(run(room, { type: 'start', playerId: 'ann', gameId: 'g' }).reply.ok).toBe(true);
    // Only the host, but during the game too: the quiz's settings stay put.
    const guest = run(room, { type: 'settings', playerId: 'ben', settings: { chatFilter: false } });
    expect(guest.reply).toMatchObject({ ok: false, code: 'not_host' });
    const off = run(room, { type: 'settings', playerId: 'ann', settings: { chatFilter: false } });
    expect(off.reply.ok).toBe(true);
    expect(roomState(room).settings.chatFilter).toBe(false);
    expect(lines(say(room, 'ben', 'darn it'))[0]).toMatchObject({ text: 'darn it' });
    const quiz = run(room, { type: 'settings', playerId: 'ann', settings: { mode: 'coop' } });
    expect(quiz.reply).toMatchObject({ ok: false, code: 'wrong_phase' });
  });

  test('a burst of 5, then one message every 2 seconds, per player', () => {
    const room = roomWith(['Ann', 'Ben']);
    const t = T0 + 5000;
    for (let i = 0; i < CHAT_BURST; i++) expect(say(room, 'ben', `m${i}`, t).reply.ok).toBe(true);
    expect(say(room, 'ben', 'one more', t).reply).toMatchObject({
      ok: false,
      code: 'rate_limited',
    });
    // Another player's allowance is their own.
    expect(say(room, 'ann', 'me too', t).reply.ok).toBe(true);
    expect(say(room, 'ben', 'too soon', t + CHAT_REFILL_MS - 1).reply.ok).toBe(false);
    expect(say(room, 'ben', 'now', t + CHAT_REFILL_MS).reply.ok).toBe(true);
    expect(say(room, 'ben', 'again', t + CHAT_REFILL_MS).reply.ok).toBe(false);
    // A long quiet refills the burst, no more.
    const later = t + 60_000;
    for (let i = 0; i < CHAT_BURST; i++)
      expect(say(room, 'ben', `b${i}`, later).reply.ok).toBe(true);
    expect(say(room, 'ben', 'x', later).reply.ok).toBe(false);
  });

  test('nobody outside the room talks in it', () => {
    const room = roomWith(['Ann']);
    expect(say(room, 'zed', 'hi').reply).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('the fairness rule', () => {
  function playing(mode: Mode = 'race') {
    const room = roomWith(['Ann', 'Ben', 'Cy'], mode);
    expect(run(room, { type: 'start', playerId: 'ann', gameId: 'g' }).reply.ok).toBe(true);
    return room;
  }

  test('a message naming a place nobody has found is held, and read when the game ends', () => {
    const room = playing();
    const held = say(room, 'ben', 'try Berlin!', T0 + 2000, [BERLIN.id]);
    expect(held.reply).toEqual({ ok: true, held: true });
    expect(held.events).toEqual([]);
    // Other talk goes on meanwhile.
    expect(lines(say(room, 'cy', 'so hard', T0 + 3000))).toHaveLength(1);

    const ended = run(room, { type: 'end', playerId: 'ann' }, T0 + 4000);
    const released = lines(ended);
    expect(released).toEqual([
      expect.objectContaining({ kind: 'said', text: 'try Berlin!', held: true, at: T0 + 2000 }),
    ]);
    // Numbered as the room reads it: after what was said meanwhile.
    expect(released[0]!.id).toBe(2);
    // The finished state first (the results), then what was held.
    expect(ended.events.map((e) => e.type)).toEqual(['ended', 'state', 'chat']);
    expect(room.heldChat).toBeUndefined();
  });

  test('a message naming a place someone has found passes', () => {
    const room = playing();
    expect(run(room, { type: 'guess', playerId: 'cy', candidates: [BERLIN] }).reply.ok).toBe(true);
    const passed = say(room, 'ben', 'Berlin was easy', T0 + 2000, [BERLIN.id]);
    expect(passed.reply).toEqual({ ok: true, held: false });
    expect(lines(passed)).toHaveLength(1);
    // One place found is not enough when the message names another still to find.
    expect(
      say(room, 'ben', 'Berlin and Hamburg', T0 + 4000, [BERLIN.id, HAMBURG.id]).reply,
    ).toEqual({
      ok: true,
      held: true,
    });
  });

  test('in parallel mode, found by anyone counts: it is on everyone’s screen', () => {
    const room = playing('parallel');
    run(room, { type: 'guess', playerId: 'cy', candidates: [BERLIN] });
    expect(say(room, 'ben', 'Berlin', T0 + 2000, [BERLIN.id]).reply).toEqual({
      ok: true,
      held: false,
    });
    expect(say(room, 'ben', 'Hamburg', T0 + 4000, [HAMBURG.id]).reply).toEqual({
      ok: true,
      held: true,
    });
  });

  test('outside a game nothing is held; a message read for another quiz is stale', () => {
    const room = roomWith(['Ann', 'Ben']);
    expect(say(room, 'ben', 'Berlin?', T0 + 1000, [BERLIN.id]).reply).toEqual({
      ok: true,
      held: false,
    });
    run(room, { type: 'start', playerId: 'ann', gameId: 'g' });
    const stale = run(room, {
      type: 'chat',
      playerId: 'ben',
      text: 'x',
      masked: 'x',
      mentions: [],
      scope: 'FR',
    });
    expect(stale.reply).toMatchObject({ ok: false, code: 'stale_scope' });
  });

  test("the room's nicknames name people, not places: the words read for places leave them out", () => {
    // What server/places/mentions.ts looks up for the places a message names.
    expect(nameRuns('gg ben', ['Ben', 'Ana'])).toEqual(['gg ben']);
    expect(nameRuns('try Bern', ['Ben'])).toEqual(['try bern', 'bern']);
    // Folded as the places are; every part of a longer nickname, in its order, is the nickname's.
    expect(nameRuns('BÉN!', ['ben'])).toEqual([]);
    expect(nameRuns('big ben', ['Big Ben'])).toEqual([]);
    expect(nameRuns('ben big', ['Big Ben'])).toEqual(['ben big']);
    // A run beyond the nickname is still read: a place that shares a word of it stays fair.
    expect(nameRuns('new york', ['York'])).toEqual(['new york']);
    // Without nicknames, as before.
    expect(nameRuns('gg ben')).toEqual(['gg ben', 'ben']);
  });
});

describe('the host’s tools', () => {
  test('the host removes a player: a line for everyone, the seat gone, back in 10 minutes at the earliest', () => {
    const room = roomWith(['Ana', 'Troll', 'Ben']);
    const kicked = run(room, { type: 'kick', playerId: 'ana', target: 'troll' }, T0);
    expect(kicked.reply).toEqual({ ok: true });
    expect(kicked.events.map((e) => e.type)).toEqual(['chat', 'state']);
    expect(lines(kicked)[0]).toEqual({
      kind: 'removed',
      id: 1,
      at: T0,
      playerId: 'troll',
      nickname: 'Troll',
      by: 'Ana',
    });
    expect(roomState(room).players.map((p) => p.nickname)).toEqual(['Ana', 'Ben']);

    const back = (token: string | undefined, browser: string | undefined, now: number) =>
      run(
        room,
        {
          type: 'join',
          nickname: 'Troll',
          playerId: `p${now}`,
          token: `new-${now}`,
          formerToken: token,
          browser,
        },
        now,
      ).reply;
    // Not with the old seat's token, not from the same browser with a new one.
    expect(run(room, { type: 'rejoin', token: 't-troll' }, T0 + 1).reply.ok).toBe(false);
    expect(back('t-troll', undefined, T0 + 1000)).toMatchObject({
      ok: false,
      code: 'unauthorized',
      message: expect.stringContaining('10 minutes'),
    });
    expect(back(undefined, 'browser-troll', KICK_HOLD_MS + T0 - 1)).toMatchObject({
      ok: false,
      code: 'unauthorized',
      message: expect.stringContaining('1 minute'),
    });
    // Someone else, from another browser, is welcome.
    expect(back(undefined, 'browser-other', T0 + 2000).ok).toBe(true);
    // Ten minutes on, the same browser is welcome again.
    expect(back('t-troll', 'browser-troll', T0 + KICK_HOLD_MS).ok).toBe(true);
  });

  test('only the host removes, mutes or passes the role; never to themselves', () => {
    const room = roomWith(['Ana', 'Ben', 'Cy']);
    for (const type of ['kick', 'host'] as const) {
      expect(run(room, { type, playerId: 'ben', target: 'cy' }).reply).toMatchObject({
        code: 'not_host',
      });
      expect(run(room, { type, playerId: 'ana', target: 'ana' }).reply).toMatchObject({
        code: 'bad_request',
      });
      expect(run(room, { type, playerId: 'ana', target: 'nobody' }).reply).toMatchObject({
        code: 'not_found',
      });
    }
    expect(
      run(room, { type: 'mute', playerId: 'ben', target: 'cy', muted: true }).reply,
    ).toMatchObject({ code: 'not_host' });
  });

  test('a muted player cannot talk until the host lets them; everyone reads both', () => {
    const room = roomWith(['Ana', 'Troll']);
    const muted = run(room, { type: 'mute', playerId: 'ana', target: 'troll', muted: true });
    expect(lines(muted)[0]).toMatchObject({
      kind: 'muted',
      nickname: 'Troll',
      by: 'Ana',
      muted: true,
    });
    expect(roomState(room).players.find((p) => p.id === 'troll')?.muted).toBe(true);
    expect(roomState(room).players.find((p) => p.id === 'ana')).not.toHaveProperty('muted');
    expect(say(room, 'troll', 'spam').reply).toMatchObject({ ok: false, code: 'unauthorized' });
    // Muting twice says nothing more.
    expect(
      run(room, { type: 'mute', playerId: 'ana', target: 'troll', muted: true }).events,
    ).toEqual([]);
    const unmuted = run(room, { type: 'mute', playerId: 'ana', target: 'troll', muted: false });
    expect(lines(unmuted)[0]).toMatchObject({ kind: 'muted', muted: false });
    expect(say(room, 'troll', 'sorry').reply.ok).toBe(true);
  });

  test('the host passes the role to a connected player', () => {
    const room = roomWith(['Ana', 'Ben', 'Cy']);
    run(room, { type: 'disconnect', playerId: 'cy' });
    expect(run(room, { type: 'host', playerId: 'ana', target: 'cy' }).reply).toMatchObject({
      code: 'bad_request',
    });
    const passed = run(room, { type: 'host', playerId: 'ana', target: 'ben' });
    expect(passed).toEqual({ reply: { ok: true }, events: [{ type: 'state' }] });
    expect(room.hostId).toBe('ben');
    expect(run(room, { type: 'kick', playerId: 'ana', target: 'cy' }).reply).toMatchObject({
      code: 'not_host',
    });
  });

  test('a host who leaves passes the role on at once, to someone connected', () => {
    const room = roomWith(['Ana', 'Ben', 'Cy']);
    run(room, { type: 'disconnect', playerId: 'ben' });
    const left = run(room, { type: 'leave', playerId: 'ana' });
    expect(left.reply.ok).toBe(true);
    expect(room.hostId).toBe('cy');
  });
});
