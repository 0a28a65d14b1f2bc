/**
 * Hostile input: 10,000+ random, malformed payloads across every client event
 * from sockets in and out of rooms, while an honest game goes on in another
 * room. The server must answer each with an error ack of a known code, stay
 * alive, and leave the honest game untouched.
 */
import type { Database } from '../db/database.js';
import { CLIENT_EVENTS } from '../protocol/events.js';
import { CLIENT_PAYLOADS, ERROR_CODES } from '../protocol/schemas.js';
import { seededRandom } from '../loadtest/random.js';
import { pgliteDatabase } from './support/databases.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  startTestNode,
  type PlayerSocket,
  type TestNode,
} from './support/game-client.js';

const PAYLOADS = 10_000;
const random = seededRandom(20261127);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function randomString(max: number): string {
  const alphabet = ['a', 'Z', ' ', '\u0000', 'é', 'ß', '東', '😀', '"', '\\', '<', '\u202e', '%'];
  let text = '';
  const length = Math.floor(random() ** 3 * max);
  for (let i = 0; i < length; i++) text += pick(alphabet);
  return text;
}

function randomValue(depth: number): unknown {
  const kinds = ['null', 'number', 'bool', 'string', 'hugeString', 'array', 'object'] as const;
  switch (pick(depth > 2 ? kinds.slice(0, 4) : kinds)) {
    case 'null':
      return null;
    case 'number':
      return pick([0, -1, 1e308, -0, 3.14, 2 ** 53, 60, 7201]);
    case 'bool':
      return random() < 0.5;
    case 'string':
      return randomString(40);
    case 'hugeString':
      return randomString(20_000);
    case 'array':
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
    case 'object': {
      const keys = [
        'text',
        'code',
        'nickname',
        'settings',
        'scope',
        'mode',
        '__proto__',
        'constructor',
        'x',
      ];
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--)
        object[pick(keys)] = randomValue(depth + 1);
      return object;
    }
  }
}

/** Below socket.io's cap (32 KB), which closes the connection instead; tested on its own below. */
const MAX_FUZZ_BYTES = 30_000;

/** A payload that no event accepts: wrong types, extra fields, or out of range values. */
function hostilePayload(event: (typeof CLIENT_EVENTS)[number]): unknown {
  for (;;) {
    // What arrives is the JSON of the payload (a "__proto__" key set on an object literal is not).
    const json = JSON.stringify(anyHostilePayload(event)) ?? 'null';
    const payload: unknown = JSON.parse(json);
    const small = Buffer.byteLength(json) <= MAX_FUZZ_BYTES;
    // Now and then chance makes a valid payload ({} for game:start); those are not hostile.
    if (small && !CLIENT_PAYLOADS[event].safeParse(payload).success) return payload;
  }
}

function anyHostilePayload(event: (typeof CLIENT_EVENTS)[number]): unknown {
  const r = random();
  if (r < 0.4) return randomValue(0);
  if (r < 0.55) return { ...(randomValue(1) as object), unexpected: randomValue(2) };
  switch (event) {
    case 'guess':
      return pick([
        { text: 'x'.repeat(201) },
        { text: randomValue(2) === null ? 1 : [] },
        { text: 'Paris', x: 1 },
      ]);
    case 'room:create':
      return pick([
        { nickname: '' },
        { nickname: ' '.repeat(10) },
        { nickname: 'x'.repeat(25) },
        { nickname: 'A', settings: { durationSec: 59 } },
        { nickname: 'A', settings: { maxPlayers: 51 } },
        { nickname: 'A', settings: { mode: 'battle' } },
        { nickname: 'A', settings: { scope: 'Atlantis' } },
      ]);
    case 'room:join':
      return pick([
        { code: 'OOOOOO', nickname: 'A' },
        { code: 'ACDEF', nickname: 'A' },
        { code: 'ACDEFG', nickname: 'A', sessionToken: 'x'.repeat(101) },
        { code: 'ACDEFG' },
      ]);
    case 'room:settings':
      return pick([
        { settings: { durationSec: 7201 } },
        { settings: 'all' },
        { settings: { scope: '' } },
      ]);
    default:
      return { [randomString(8) || 'k']: randomValue(1) };
  }
}

let db: Database;
let server: TestNode;
beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  server = await startTestNode(db);
});
afterAll(async () => {
  disconnectAll();
  await server.close();
  await db.close();
});

test(`${PAYLOADS.toLocaleString('en')} hostile payloads: error acks with known codes, an honest game unaffected`, async () => {
  // The honest game: two players in a German race.
  const ann = await connectPlayer(server.url);
  const created = await call(ann, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
  const ben = await connectPlayer(server.url);
  await call(ben, 'room:join', { code: created.room.code, nickname: 'Ben' });
  await call(ann, 'game:start', {});
  const honestGuesses = [
    'Berlin',
    'Hamburg',
    'München',
    'Köln',
    'Frankfurt am Main',
    'Stuttgart',
    'Düsseldorf',
    'Leipzig',
  ];

  // The attackers: some in rooms of their own (in every phase), some in none.
  const attackers: PlayerSocket[] = [];
  for (let i = 0; i < 6; i++) {
    const socket = await connectPlayer(server.url);
    if (i % 2 === 0) {
      await call(socket, 'room:create', { nickname: `Fuzz ${i}`, settings: { scope: 'FR' } });
      if (i === 2) await call(socket, 'game:start', {});
    }
    attackers.push(socket);
  }

  const codes = new Map<string, number>();
  let sent = 0;
  const honest = (async () => {
    const kinds: string[] = [];
    for (const [i, text] of honestGuesses.entries()) {
      const guesser = i % 2 === 0 ? ann : ben;
      const ack = await call(guesser, 'guess', { text });
      kinds.push(ack.result?.kind ?? ack.error?.code);
    }
    return kinds;
  })();

  while (sent < PAYLOADS) {
    const batch = Array.from({ length: 250 }, () => {
      const event = pick(CLIENT_EVENTS);
      const socket = pick(attackers);
      sent++;
      return call(socket, event, hostilePayload(event));
    });
    for (const ack of await Promise.all(batch)) {
      expect(ack).toMatchObject({ ok: false, error: { message: expect.any(String) } });
      expect(ERROR_CODES).toContain(ack.error.code);
      codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
    }
    // Events without an ack callback, too.
    for (let i = 0; i < 10; i++) {
      const event = pick(CLIENT_EVENTS);
      const socket = pick(attackers) as unknown as { emit: (e: string, p: unknown) => void };
      socket.emit(event, hostilePayload(event));
    }
  }

  expect(await honest).toEqual(honestGuesses.map(() => 'found'));
  const state = await call(ann, 'room:state', {});
  expect(state.room.found.map((f: { place: { name: string } }) => f.place.name)).toHaveLength(
    honestGuesses.length,
  );
  expect(state.room.players.map((p: { score: number }) => p.score)).toEqual([4, 4]);
  // Still serving: a new player can create a room.
  const late = await connectPlayer(server.url);
  expect((await call(late, 'room:create', { nickname: 'Late' })).ok).toBe(true);
  console.log(`fuzz: ${sent} payloads, acks by code: ${JSON.stringify(Object.fromEntries(codes))}`);
});

test('a payload over the size cap closes only that connection', async () => {
  const big = await connectPlayer(server.url);
  const other = await connectPlayer(server.url);
  const closed = new Promise<string>((resolve) => big.once('disconnect', resolve));
  big.emit('guess', { text: 'x'.repeat(64 * 1024) }, () => {});
  expect(await closed).toBeTruthy();
  expect((await call(other, 'room:create', { nickname: 'Still here' })).ok).toBe(true);
});
