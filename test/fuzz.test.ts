/**
 * Hostile input: 10,000+ random, malformed payloads across every client event
 * from sockets in and out of rooms, while an honest game goes on in another
 * room. The server must answer each with an error ack of a known code, stay
 * alive, and leave the honest game untouched.
 */
import type { Database } from '../db/database.js';
import { CLIENT_EVENTS } from '../protocol/events.js';
import { ERROR_CODES } from '../protocol/schemas.js';
import { seededRandom } from '../loadtest/random.js';
import { pgliteDatabase } from './support/databases.js';
import { hostileGenerators } from './support/hostile-payloads.js';
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
const { pick, hostilePayload } = hostileGenerators(random);

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
