/**
 * The room's chat and the host's tools over real sockets (issue 18, parts 1
 * and 2): a node on a loopback port with the real gazetteer on PGlite, the
 * room's time on a clock the test moves. Each event's limits, the filter,
 * the replay on (re)join, the fairness rule, removal and its 10-minute hold,
 * mute, passing the host role, a host who leaves. The same over two nodes
 * through Redis is test/chat-multi-node.test.ts.
 */
import type { Database } from '../db/database.js';
import { CHAT_BURST, CHAT_KEPT, CHAT_REFILL_MS, KICK_HOLD_MS } from '../protocol/chat.js';
import { FEATURES } from '../protocol/features.js';
import type { ChatMessage } from '../protocol/types.js';
import { pgliteDatabase } from './support/databases.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  startTestNode,
  type PlayerSocket,
  type TestNode,
} from './support/game-client.js';

const SPEAKS = { features: ['chat', 'host-tools'] };

let db: Database;
let server: TestNode;

beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  server = await startTestNode(db);
});
afterEach(() => disconnectAll());
afterAll(async () => {
  await server.close();
  await db.close();
});

interface Seat {
  socket: PlayerSocket;
  playerId: string;
  token: string;
  /** Every chat line the socket heard, in order. */
  heard: ChatMessage[];
}

async function seated(socket: PlayerSocket, ack: { ok: boolean; [k: string]: unknown }) {
  expect(ack).toMatchObject({ ok: true });
  const you = (ack as unknown as { you: { playerId: string; sessionToken: string } }).you;
  const heard: ChatMessage[] = [];
  socket.on('chat:message', (message) => heard.push(message));
  return { socket, playerId: you.playerId, token: you.sessionToken, heard };
}

/** A room of `scope` with a host and `others`, each from a browser of their own. */
async function room(scope: string, others: string[], settings: Record<string, unknown> = {}) {
  const host = await connectPlayer(server.url, undefined, SPEAKS);
  const created = await call(host, 'room:create', {
    nickname: 'Ana',
    settings: { scope, ...settings },
    browserId: 'browser-ana-000',
  });
  const code: string = created.room.code;
  const players: Seat[] = [await seated(host, created)];
  for (const nickname of others) {
    const socket = await connectPlayer(server.url, undefined, SPEAKS);
    const joined = await call(socket, 'room:join', {
      code,
      nickname,
      browserId: `browser-${nickname.toLowerCase()}-000`,
    });
    players.push(await seated(socket, joined));
  }
  return { code, players };
}

async function started(scope: string, others: string[]) {
  const r = await room(scope, others);
  const playing = nextEvent(r.players[0]!.socket, 'room:state', (s) => s.phase === 'playing');
  expect(await call(r.players[0]!.socket, 'game:start', {})).toEqual({ ok: true });
  await playing;
  return r;
}

/** Waits for the next chat line a socket hears that satisfies `accept`. */
const nextLine = (socket: PlayerSocket, accept: (m: ChatMessage) => boolean = () => true) =>
  nextEvent(socket, 'chat:message', accept);

/** A line's text: what a player said, '' for the host's acts. */
const textOf = (message: ChatMessage) => (message.kind === 'said' ? message.text : '');

/** Lets the room's allowance refill a message's worth. */
const later = () => server.clock.advance(CHAT_REFILL_MS);

test('the server speaks chat and host tools', async () => {
  expect(FEATURES).toEqual(expect.arrayContaining(['chat', 'host-tools']));
});

describe('chat:send', () => {
  test('a message reaches everyone in the room who speaks chat, cleaned', async () => {
    const { code, players } = await room('DE', ['Ben']);
    const [ana, ben] = players;
    // A client that knows nothing of chat (an older page, a bot) hears none of it.
    const old = await connectPlayer(server.url);
    expect(await call(old, 'room:join', { code, nickname: 'Old' })).toMatchObject({ ok: true });
    const oldHeard: string[] = [];
    old.onAny((event: string) => oldHeard.push(event));

    const heard = nextLine(ben!.socket);
    const ack = await call(ana!.socket, 'chat:send', { text: '  hi\u202e  all\u0000 👋 ' });
    expect(ack).toEqual({ ok: true, held: false });
    expect(await heard).toMatchObject({
      kind: 'said',
      playerId: ana!.playerId,
      nickname: 'Ana',
      text: 'hi all 👋',
    });
    // The old client's next event is the join below: no chat line before it.
    const joined = nextEvent(old, 'room:state');
    await call(await connectPlayer(server.url), 'room:join', { code, nickname: 'Cy' });
    await joined;
    expect(oldHeard).not.toContain('chat:message');
  });

  test('limits: 1–200 characters that show; a burst of 5, then one every 2 seconds', async () => {
    const { players } = await room('DE', ['Ben']);
    const ben = players[1]!.socket;
    later();
    expect(await call(ben, 'chat:send', { text: 'x'.repeat(201) })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: 'text: a message has at most 200 characters' },
    });
    for (const text of ['', '   ', '\u200b\u2800', 'a'.repeat(1001)]) {
      expect(await call(ben, 'chat:send', { text })).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(await call(ben, 'chat:send', { text: 'é'.repeat(200) })).toMatchObject({ ok: true });
    expect(await call(ben, 'chat:send', { text: 'hi', extra: 1 })).toMatchObject({
      error: { code: 'bad_request' },
    });
    for (let i = 1; i < CHAT_BURST; i++) {
      expect(await call(ben, 'chat:send', { text: `m${i}` })).toMatchObject({ ok: true });
    }
    expect(await call(ben, 'chat:send', { text: 'flood' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    later();
    expect(await call(ben, 'chat:send', { text: 'one more' })).toMatchObject({ ok: true });
    expect(await call(ben, 'chat:send', { text: 'flood' })).toMatchObject({
      error: { code: 'rate_limited' },
    });
    // Without a seat there is no room to talk in.
    const outside = await connectPlayer(server.url, undefined, SPEAKS);
    expect(await call(outside, 'chat:send', { text: 'hello?' })).toMatchObject({
      error: { code: 'not_found' },
    });
  });

  test('rude words are masked until the host turns the filter off', async () => {
    const { players } = await room('DE', ['Ben']);
    const [ana, ben] = players;
    later();
    let line = nextLine(ana!.socket);
    await call(ben!.socket, 'chat:send', { text: 'what the fuck' });
    expect(textOf(await line)).toBe('what the f***');
    expect(
      await call(ben!.socket, 'room:settings', { settings: { chatFilter: false } }),
    ).toMatchObject({ error: { code: 'not_host' } });
    const off = nextEvent(ben!.socket, 'room:state', (s) => s.settings.chatFilter === false);
    expect(await call(ana!.socket, 'room:settings', { settings: { chatFilter: false } })).toEqual({
      ok: true,
    });
    await off;
    line = nextLine(ana!.socket);
    await call(ben!.socket, 'chat:send', { text: 'what the fuck' });
    expect(textOf(await line)).toBe('what the fuck');
  });
});

describe('chat:history', () => {
  test('the last 50 lines, replayed to a player who comes back', async () => {
    const { code, players } = await room('DE', ['Ben']);
    const [ana, ben] = players;
    for (let i = 1; i <= CHAT_KEPT + 5; i++) {
      later();
      expect(await call(ana!.socket, 'chat:send', { text: `line ${i}` })).toMatchObject({
        ok: true,
      });
    }
    // Ben's connection drops; a new one takes the seat back and asks for the talk it missed.
    ben!.socket.disconnect();
    const back = await connectPlayer(server.url, undefined, SPEAKS);
    const rejoined = await call(back, 'room:join', {
      code,
      nickname: 'Ben',
      sessionToken: ben!.token,
    });
    expect(rejoined.you.playerId).toBe(ben!.playerId);
    const history = await call(back, 'chat:history', {});
    expect(history.ok).toBe(true);
    expect(history.messages).toHaveLength(CHAT_KEPT);
    expect(history.messages[0].text).toBe('line 6');
    expect(history.messages.at(-1).text).toBe(`line ${CHAT_KEPT + 5}`);
    const ids = history.messages.map((m: ChatMessage) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // And hears what is said from then on.
    const heard = nextLine(back);
    later();
    await call(ana!.socket, 'chat:send', { text: 'welcome back' });
    expect(textOf(await heard)).toBe('welcome back');
    expect(await call(await connectPlayer(server.url), 'chat:history', {})).toMatchObject({
      error: { code: 'not_found' },
    });
  });
});

describe('the fairness rule', () => {
  test('a message naming a place nobody found is held until the game ends; a found one passes', async () => {
    const { players } = await started('DE', ['Ben', 'Cy']);
    const [ana, ben, cy] = players;
    later();
    const held = await call(ben!.socket, 'chat:send', { text: 'is Frankfurt am Main in?' });
    expect(held).toEqual({ ok: true, held: true });
    expect(await call(ben!.socket, 'chat:send', { text: 'try köln!' })).toEqual({
      ok: true,
      held: true,
    });
    // Talk that names no place, or only common words, is read at once.
    const plain = nextLine(cy!.socket);
    expect(await call(ben!.socket, 'chat:send', { text: 'good luck, this is hard' })).toEqual({
      ok: true,
      held: false,
    });
    expect(textOf(await plain)).toBe('good luck, this is hard');

    // Once someone found Hamburg, naming it gives nothing away.
    const found = await call(cy!.socket, 'guess', { text: 'Hamburg' });
    expect(found.result.kind).toBe('found');
    const passes = nextLine(ana!.socket);
    expect(await call(ben!.socket, 'chat:send', { text: 'nice, Hamburg!' })).toEqual({
      ok: true,
      held: false,
    });
    expect(textOf(await passes)).toBe('nice, Hamburg!');

    // The game ends: the room reads what was held, after its final state.
    const order: string[] = [];
    ana!.socket.on('room:state', (s) => order.push(`state:${s.phase}`));
    ana!.socket.on('chat:message', (m) => order.push(`chat:${m.kind === 'said' && m.text}`));
    const released = nextLine(ana!.socket, (m) => m.kind === 'said' && m.text === 'try köln!');
    expect(await call(ana!.socket, 'game:end', {})).toEqual({ ok: true });
    const last = await released;
    expect(last).toMatchObject({ held: true, nickname: 'Ben' });
    expect(order).toEqual(['state:finished', 'chat:is Frankfurt am Main in?', 'chat:try köln!']);
    const history = await call(cy!.socket, 'chat:history', {});
    expect(history.messages.map((m: ChatMessage) => m.kind === 'said' && m.text)).toEqual([
      'good luck, this is hard',
      'nice, Hamburg!',
      'is Frankfurt am Main in?',
      'try köln!',
    ]);
  });
});

describe('host tools', () => {
  test('room:kick: everyone reads "Ana removed Troll"; Troll is out, and kept out for 10 minutes', async () => {
    const { code, players } = await room('DE', ['Troll', 'Ben']);
    const [ana, troll, ben] = players;
    const told = nextLine(ben!.socket);
    const trollTold = nextLine(troll!.socket);
    const without = nextEvent(ben!.socket, 'room:state', (s) => s.players.length === 2);
    expect(await call(troll!.socket, 'room:kick', { playerId: ben!.playerId })).toMatchObject({
      error: { code: 'not_host' },
    });
    expect(await call(ana!.socket, 'room:kick', { playerId: troll!.playerId })).toEqual({
      ok: true,
    });
    const line = { kind: 'removed', playerId: troll!.playerId, nickname: 'Troll', by: 'Ana' };
    expect(await told).toMatchObject(line);
    expect(await trollTold).toMatchObject(line);
    await without;

    // The removed socket has no seat any more, and hears the room no more.
    expect(await call(troll!.socket, 'chat:send', { text: 'let me in' })).toMatchObject({
      error: { code: 'not_found' },
    });
    // Not with the token, not with a new seat from the same browser.
    const again = await connectPlayer(server.url, undefined, SPEAKS);
    expect(
      await call(again, 'room:join', { code, nickname: 'Troll', sessionToken: troll!.token }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const refused = await call(again, 'room:join', {
      code,
      nickname: 'Troll2',
      browserId: 'browser-troll-000',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(refused.error.message).toMatch(/removed you.*10 minutes/);
    server.clock.advance(KICK_HOLD_MS - 1000);
    expect(
      await call(again, 'room:join', { code, nickname: 'Troll', browserId: 'browser-troll-000' }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    server.clock.advance(1000);
    expect(
      await call(again, 'room:join', { code, nickname: 'Troll', browserId: 'browser-troll-000' }),
    ).toMatchObject({ ok: true });
    expect(await call(ana!.socket, 'chat:history', {})).toMatchObject({
      messages: [expect.objectContaining(line)],
    });
  });

  test('room:mute: the player cannot talk until unmuted; the room sees it', async () => {
    const { players } = await room('DE', ['Troll']);
    const [ana, troll] = players;
    const mutedState = nextEvent(troll!.socket, 'room:state', (s) =>
      s.players.some((p) => p.id === troll!.playerId && p.muted === true),
    );
    expect(
      await call(ana!.socket, 'room:mute', { playerId: troll!.playerId, muted: true }),
    ).toEqual({ ok: true });
    await mutedState;
    expect(await call(troll!.socket, 'chat:send', { text: 'spam' })).toMatchObject({
      error: { code: 'unauthorized', message: 'the host has muted your chat' },
    });
    expect(await call(ana!.socket, 'room:mute', { playerId: troll!.playerId })).toMatchObject({
      error: { code: 'bad_request' },
    });
    expect(
      await call(ana!.socket, 'room:mute', { playerId: troll!.playerId, muted: false }),
    ).toEqual({ ok: true });
    later();
    expect(await call(troll!.socket, 'chat:send', { text: 'sorry' })).toMatchObject({ ok: true });
  });

  test('room:host passes the role; a host who leaves passes it on at once', async () => {
    const { players } = await room('DE', ['Ben', 'Cy']);
    const [ana, ben, cy] = players;
    const benHost = nextEvent(cy!.socket, 'room:state', (s) => s.hostId === ben!.playerId);
    expect(await call(ana!.socket, 'room:host', { playerId: ben!.playerId })).toEqual({ ok: true });
    await benHost;
    expect(await call(ana!.socket, 'room:kick', { playerId: cy!.playerId })).toMatchObject({
      error: { code: 'not_host' },
    });
    const next = nextEvent(cy!.socket, 'room:state', (s) => s.hostId !== ben!.playerId);
    expect(await call(ben!.socket, 'room:leave', {})).toEqual({ ok: true });
    expect((await next).hostId).not.toBe(ben!.playerId);
  });
});

describe('spectators', () => {
  /** A spectator of `code` from a browser of their own, who speaks chat. */
  async function watcher(code: string, nickname: string) {
    const socket = await connectPlayer(server.url, undefined, SPEAKS);
    const ack = await call(socket, 'room:spectate', {
      code,
      nickname,
      browserId: `browser-${nickname.toLowerCase()}-000`,
    });
    expect(ack).toMatchObject({ ok: true });
    const heard: ChatMessage[] = [];
    socket.on('chat:message', (message) => heard.push(message));
    return {
      socket,
      spectatorId: ack.you.spectatorId as string,
      token: ack.you.sessionToken as string,
      heard,
    };
  }

  test('a spectator chats: heard by the players, marked, held when naming an unfound place; history replayed', async () => {
    const { code, players } = await started('DE', ['Ben']);
    const [ana, ben] = players;
    later();
    expect(await call(ana!.socket, 'chat:send', { text: 'before you came' })).toMatchObject({
      ok: true,
    });
    const zoe = await watcher(code, 'Zoe');
    // What was said before is replayed to a spectator too.
    const history = await call(zoe.socket, 'chat:history', {});
    expect(history.messages.map(textOf)).toEqual(['before you came']);

    const heard = nextLine(ben!.socket);
    expect(await call(zoe.socket, 'chat:send', { text: 'go go go' })).toEqual({
      ok: true,
      held: false,
    });
    expect(await heard).toMatchObject({
      kind: 'said',
      playerId: zoe.spectatorId,
      nickname: 'Zoe',
      color: '#808080',
      spectator: true,
      text: 'go go go',
    });
    // A player's line has no such mark, and the spectator hears it.
    const toZoe = nextLine(zoe.socket);
    later();
    await call(ben!.socket, 'chat:send', { text: 'thanks' });
    const benLine = await toZoe;
    expect(benLine).toMatchObject({ text: 'thanks', nickname: 'Ben' });
    expect(benLine).not.toHaveProperty('spectator');

    // The fairness rule holds for spectators: they see the map, not the answers still to find.
    expect(await call(zoe.socket, 'chat:send', { text: 'try Köln' })).toEqual({
      ok: true,
      held: true,
    });
    // A spectator's allowance is their own, and the same as a player's (full again after later()).
    for (let i = 1; i < CHAT_BURST; i++) {
      expect(await call(zoe.socket, 'chat:send', { text: `cheer ${i}` })).toMatchObject({
        ok: true,
      });
    }
    expect(await call(zoe.socket, 'chat:send', { text: 'flood' })).toMatchObject({
      error: { code: 'rate_limited' },
    });
    const released = nextLine(ben!.socket, (m) => textOf(m) === 'try Köln');
    expect(await call(ana!.socket, 'game:end', {})).toEqual({ ok: true });
    expect(await released).toMatchObject({ held: true, spectator: true, nickname: 'Zoe' });
  });

  test('the host mutes and removes a spectator, who is kept out for 10 minutes', async () => {
    const { code, players } = await room('DE', ['Ben']);
    const [ana, ben] = players;
    const troll = await watcher(code, 'Troll');
    const mutedState = nextEvent(ben!.socket, 'room:state', (s) =>
      (s.spectators ?? []).some((w) => w.id === troll.spectatorId && w.muted === true),
    );
    expect(
      await call(ben!.socket, 'room:mute', { playerId: troll.spectatorId, muted: true }),
    ).toMatchObject({
      error: { code: 'not_host' },
    });
    expect(
      await call(ana!.socket, 'room:mute', { playerId: troll.spectatorId, muted: true }),
    ).toEqual({ ok: true });
    await mutedState;
    expect(await call(troll.socket, 'chat:send', { text: 'spam' })).toMatchObject({
      error: { code: 'unauthorized', message: 'the host has muted your chat' },
    });
    // Spectators are nobody's host.
    expect(await call(ana!.socket, 'room:host', { playerId: troll.spectatorId })).toMatchObject({
      error: { code: 'not_found' },
    });

    const told = nextLine(ben!.socket, (m) => m.kind === 'removed');
    const trollTold = nextLine(troll.socket, (m) => m.kind === 'removed');
    const without = nextEvent(ben!.socket, 'room:state', (s) => (s.spectators ?? []).length === 0);
    expect(await call(ana!.socket, 'room:kick', { playerId: troll.spectatorId })).toEqual({
      ok: true,
    });
    const line = { kind: 'removed', playerId: troll.spectatorId, nickname: 'Troll', by: 'Ana' };
    expect(await told).toMatchObject(line);
    expect(await trollTold).toMatchObject(line);
    await without;
    // The socket watches no more: no chat, no history, no room events.
    expect(await call(troll.socket, 'chat:history', {})).toMatchObject({
      error: { code: 'not_found' },
    });
    const stateAfter: unknown[] = [];
    troll.socket.on('room:state', (s) => stateAfter.push(s));
    // Not back by the token, nor as a new spectator or player from the same browser.
    const again = await connectPlayer(server.url, undefined, SPEAKS);
    for (const [event, payload] of [
      ['room:spectate', { code, nickname: 'Troll', sessionToken: troll.token }],
      ['room:spectate', { code, nickname: 'Troll2', browserId: 'browser-troll-000' }],
      ['room:join', { code, nickname: 'Troll3', browserId: 'browser-troll-000' }],
    ] as const) {
      const refused = await call(again, event, payload);
      expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(refused.error.message).toMatch(/removed you/);
    }
    later();
    await call(ana!.socket, 'chat:send', { text: 'gone' });
    expect(troll.heard.map(textOf)).not.toContain('gone');
    expect(stateAfter).toEqual([]);
    server.clock.advance(KICK_HOLD_MS);
    expect(
      await call(again, 'room:spectate', {
        code,
        nickname: 'Troll',
        browserId: 'browser-troll-000',
      }),
    ).toMatchObject({ ok: true });
  });

  test("the room's nicknames are no places: 'gg ben' is read at once, 'try Bern' is held", async () => {
    // In the world quiz "ben" alone is read as Bern, and "cat" as Çat (Turkey).
    const { code, players } = await started('world', ['Ben', 'York']);
    const [ana, ben, york] = players;
    const cat = await watcher(code, 'Cat');
    later();
    const said = async (from: PlayerSocket, text: string) =>
      (await call(from, 'chat:send', { text })) as { ok: boolean; held?: boolean };
    const heard = nextLine(ben!.socket, (m) => textOf(m) === 'gg ben');
    expect(await said(ana!.socket, 'gg ben')).toEqual({ ok: true, held: false });
    await heard;
    expect(await said(ben!.socket, 'try Bern')).toEqual({ ok: true, held: true });
    // A spectator's nickname counts the same, and a player may be named in their own words.
    expect(await said(york!.socket, 'nice one, Cat!')).toEqual({ ok: true, held: false });
    expect(await said(cat.socket, 'go York go')).toEqual({ ok: true, held: false });
    // A place that only shares a word with a nickname stays fair.
    expect(await said(cat.socket, 'new york?')).toEqual({ ok: true, held: true });
  });
});

describe('quick play and a removal', () => {
  test("a removed player's quick play from the same browser does not land them back in that lobby", async () => {
    const { code, players } = await room('FR', ['Troll', 'Ben'], { public: true, mode: 'race' });
    const [ana, troll] = players;
    expect(await call(ana!.socket, 'room:kick', { playerId: troll!.playerId })).toEqual({
      ok: true,
    });
    // Troll's page plays on: the fullest public lobby of France is Ana's, but not for Troll.
    const back = await call(troll!.socket, 'room:quickplay', {
      nickname: 'Troll',
      scope: 'FR',
      browserId: 'browser-troll-000',
    });
    expect(back).toMatchObject({ ok: true });
    expect(back.room.code).not.toBe(code);
    // Anyone else's quick play lands in Ana's lobby, the fullest: the test's lobby is a candidate.
    const cy = await connectPlayer(server.url, undefined, SPEAKS);
    const other = await call(cy, 'room:quickplay', {
      nickname: 'Cy',
      scope: 'FR',
      browserId: 'browser-cy-000',
    });
    expect(other.room.code).toBe(code);
  });
});
