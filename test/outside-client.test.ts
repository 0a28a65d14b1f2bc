/**
 * An outside developer's client: speaks protocol v1 to a real server process
 * using only socket.io-client and what protocol/README.md and DESIGN.md
 * ("Protocol v1") say. Every type and schema below is written from those
 * pages; nothing is imported from ../protocol or ../server.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { eventually, freePort, spawnScript } from './support/processes.js';

// ---------------------------------------------------------------------------
// Protocol v1 as documented
// ---------------------------------------------------------------------------

const PROTOCOL_VERSION = 1;

/** The closed set of error codes (protocol/README.md "Acks", DESIGN.md). */
const errorCode = z.enum([
  'bad_request',
  'not_found',
  'room_full',
  'not_host',
  'wrong_phase',
  'rate_limited',
  'unauthorized',
  'unavailable',
  'internal',
]);
type ErrorCode = z.infer<typeof errorCode>;

const errorBody = z.object({ code: errorCode, message: z.string() });
const ackFailure = z.object({ ok: z.literal(false), error: errorBody });

/** Room codes: 6 characters of ACDEFGHJKMNPQRTWXY34679. */
const roomCode = z.string().regex(/^[ACDEFGHJKMNPQRTWXY34679]{6}$/);
/** Ids are not typed by the docs; a player id is compared with hostId and `by`. */
const playerId = z.string().min(1);

/** `place` is { id, name, country, admin1, lat, lon, population }, id the GeoNames id. */
const place = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/),
  admin1: z.string().nullable(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  population: z.number().int().nonnegative(),
});
type Place = z.infer<typeof place>;

const scope = z.union([
  z.string().regex(/^[A-Z]{2}$/),
  z.enum(['africa', 'antarctica', 'asia', 'europe', 'north-america', 'oceania', 'south-america']),
  z.literal('world'),
]);

/** settings: scope, mode, durationSec (60–7200, or 0), maxPlayers (1–50), public. */
const settings = z.object({
  scope,
  mode: z.enum(['race', 'parallel', 'coop']),
  durationSec: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 60 && s <= 7200), 'durationSec is 0 or 60–7200'),
  maxPlayers: z.number().int().min(1).max(50),
  public: z.boolean(),
});
type Settings = z.infer<typeof settings>;

const player = z.object({
  id: playerId,
  nickname: z.string().min(1).max(24),
  color: z.string().min(1),
  score: z.number().int().nonnegative(),
  population: z.number().nonnegative(),
  capitals: z.number().int().nonnegative(),
  connected: z.boolean(),
});

const totals = z.object({
  places: z.number().int().positive(),
  population: z.number().positive(),
});

/** place:found — { seq, place, playerId, at }. */
const placeFound = z.object({
  seq: z.number().int().nonnegative(),
  place,
  playerId,
  at: z.number().positive(),
});
type PlaceFound = z.infer<typeof placeFound>;

/**
 * room:state — code, phase, hostId, settings, players, endsAt (server ms or
 * null), totals, progress (distinct places, population, capitals; in coop the
 * team's score), found (every find so far), seq. The docs do not give the
 * shape of a `found` entry; we read it as the place:found payload.
 */
const roomState = z.object({
  code: roomCode,
  phase: z.enum(['lobby', 'playing', 'finished']),
  hostId: playerId,
  settings,
  players: z.array(player).min(1),
  endsAt: z.number().positive().nullable(),
  totals,
  progress: z.object({
    places: z.number().int().nonnegative(),
    population: z.number().nonnegative(),
    capitals: z.number().int().nonnegative(),
    score: z.number().int().nonnegative().optional(),
  }),
  found: z.array(placeFound),
  seq: z.number().int().nonnegative(),
});
type RoomState = z.infer<typeof roomState>;

/**
 * game:ended — { results, missed }: results has gameId, ranking (each
 * player's rank, score, population, capitals and finds), populationShare
 * (0–1) and the scope's totals; missed lists the 50 largest places nobody
 * named. The docs say neither how a ranking entry names its player nor whether
 * `finds` is a count or a list; both readings are accepted here.
 */
const rankingEntry = z.object({
  rank: z.number().int().positive(),
  score: z.number().int().nonnegative(),
  population: z.number().nonnegative(),
  capitals: z.number().int().nonnegative(),
  finds: z.union([z.number().int().nonnegative(), z.array(z.unknown())]),
});
const gameEnded = z.object({
  results: z.object({
    gameId: z.union([z.string().min(1), z.number().int()]),
    ranking: z.array(rankingEntry).min(1),
    populationShare: z.number().min(0).max(1),
    totals,
  }),
  missed: z.array(place).max(50),
});
type GameEnded = z.infer<typeof gameEnded>;

const hello = z.object({ protocolVersion: z.number().int() });

/** Server → client events and their payload schemas. */
const serverEvents: Record<string, z.ZodType> = {
  hello,
  'room:state': roomState,
  'place:found': placeFound,
  'game:ended': gameEnded,
};

const seat = z.object({
  ok: z.literal(true),
  room: roomState,
  you: z.object({ playerId, sessionToken: z.string().min(1) }),
});
const okOnly = z.object({ ok: z.literal(true) });
const stateAck = z.object({ ok: z.literal(true), room: roomState });
const guessResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('found'), place }),
  z.object({ kind: z.literal('taken'), place, by: z.string().min(1) }),
  z.object({ kind: z.literal('repeat'), place }),
  z.object({ kind: z.literal('miss') }),
]);
type GuessResult = z.infer<typeof guessResult>;
const guessAck = z.object({ ok: z.literal(true), result: guessResult });

/** Client → server events, their payloads and the ack on success. */
interface Commands {
  'room:create': { payload: { nickname: string; settings?: Partial<Settings> }; ack: Seat };
  'room:join': { payload: { code: string; nickname: string; sessionToken?: string }; ack: Seat };
  'room:leave': { payload: Record<string, never>; ack: { ok: true } };
  'room:settings': { payload: { settings: Partial<Settings> }; ack: { ok: true } };
  'room:state': { payload: Record<string, never>; ack: { ok: true; room: RoomState } };
  'game:start': { payload: Record<string, never>; ack: { ok: true } };
  'game:end': { payload: Record<string, never>; ack: { ok: true } };
  'room:rematch': { payload: Record<string, never>; ack: { ok: true } };
  guess: { payload: { text: string }; ack: { ok: true; result: GuessResult } };
}
type Seat = z.infer<typeof seat>;
type Command = keyof Commands;

const ackSchemas: { [C in Command]: z.ZodType<Commands[C]['ack']> } = {
  'room:create': seat,
  'room:join': seat,
  'room:leave': okOnly,
  'room:settings': okOnly,
  'room:state': stateAck,
  'game:start': okOnly,
  'game:end': okOnly,
  'room:rematch': okOnly,
  guess: guessAck,
};

// ---------------------------------------------------------------------------
// A small client
// ---------------------------------------------------------------------------

const WAIT_MS = 10_000;

interface Received {
  event: string;
  payload: unknown;
}

interface Waiter {
  event: string;
  since: number;
  match: (payload: unknown) => boolean;
  resolve: (payload: unknown) => void;
}

class OutsideClient {
  readonly socket: Socket;
  readonly received: Received[] = [];
  /** Shape and ordering problems seen in what the server sent. */
  readonly problems: string[] = [];
  /** The latest room seq this client knows of. */
  lastSeq: number | undefined;
  private waiters: Waiter[] = [];

  constructor(
    readonly name: string,
    url: string,
    auth: Record<string, unknown>,
  ) {
    this.socket = io(url, {
      auth,
      autoConnect: false,
      reconnection: false,
      transports: ['websocket'],
    });
    this.socket.onAny((event: string, ...args: unknown[]) => this.onEvent(event, args));
  }

  /** Connects and resolves with the `hello` payload. */
  async connect(): Promise<z.infer<typeof hello>> {
    const since = this.received.length;
    this.socket.connect();
    return (await this.waitFor('hello', () => true, since)) as z.infer<typeof hello>;
  }

  mark(): number {
    return this.received.length;
  }

  /** Resolves with the first `event` at or after index `since` that matches. */
  waitFor(event: string, match: (payload: unknown) => boolean, since = 0): Promise<unknown> {
    const seen = this.received.slice(since).find((r) => r.event === event && match(r.payload));
    if (seen) return Promise.resolve(seen.payload);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { event, since, match, resolve };
      this.waiters.push(waiter);
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.name}: no ${event} within ${WAIT_MS} ms`));
      }, WAIT_MS);
      waiter.resolve = (payload) => {
        clearTimeout(timer);
        resolve(payload);
      };
    });
  }

  /** Sends a command with an ack and checks the ack against the documented shape. */
  async send<C extends Command>(
    command: C,
    payload: Commands[C]['payload'],
  ): Promise<Commands[C]['ack']> {
    const ack = await this.raw(command, payload);
    const parsed = ackSchemas[command].safeParse(ack);
    if (!parsed.success) {
      throw new Error(
        `${this.name}: ${command} ack ${JSON.stringify(ack)} is not the documented success: ${parsed.error.message}`,
      );
    }
    if (command === 'room:create' || command === 'room:join' || command === 'room:state') {
      this.seeSnapshot((parsed.data as { room: RoomState }).room.seq);
    }
    return parsed.data;
  }

  /** Sends anything, expects the documented error ack, and returns its code. */
  async refused(command: string, payload: unknown): Promise<ErrorCode> {
    const ack = await this.raw(command, payload);
    const parsed = ackFailure.safeParse(ack);
    if (!parsed.success) {
      throw new Error(
        `${this.name}: ${command} ${JSON.stringify(payload)} answered ${JSON.stringify(ack)}, not a documented error ack`,
      );
    }
    return parsed.data.error.code;
  }

  private async raw(command: string, payload: unknown): Promise<unknown> {
    return this.socket.timeout(WAIT_MS).emitWithAck(command, payload) as Promise<unknown>;
  }

  private onEvent(event: string, args: unknown[]): void {
    const schema = serverEvents[event];
    const payload = args[0];
    let valid = false;
    if (!schema) {
      this.problems.push(`undocumented event ${event} ${JSON.stringify(args).slice(0, 200)}`);
    } else if (args.length !== 1) {
      this.problems.push(`${event} came with ${args.length} arguments: ${JSON.stringify(args)}`);
    } else {
      const parsed = schema.safeParse(payload);
      valid = parsed.success;
      if (!parsed.success) {
        this.problems.push(
          `${event} ${JSON.stringify(payload).slice(0, 500)} does not match the docs: ${parsed.error.message}`,
        );
      }
    }
    if (valid && event === 'place:found') this.seeEvent((payload as PlaceFound).seq, event);
    if (valid && event === 'room:state') this.seeSnapshot((payload as RoomState).seq);
    this.received.push({ event, payload });
    const index = this.received.length - 1;
    for (const waiter of [...this.waiters]) {
      if (waiter.event === event && index >= waiter.since && waiter.match(payload)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(payload);
      }
    }
  }

  /** "seq counts the room's events: a client that sees it jump has missed one." */
  private seeEvent(seq: number, event: string): void {
    if (this.lastSeq !== undefined && seq !== this.lastSeq + 1) {
      this.problems.push(`${event} seq ${seq} after seq ${this.lastSeq}: not the next one`);
    }
    this.lastSeq = Math.max(seq, this.lastSeq ?? seq);
  }

  private seeSnapshot(seq: number): void {
    this.lastSeq = Math.max(seq, this.lastSeq ?? seq);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Waits for the socket.io `connect_error` of a refused handshake. */
function refusedConnection(url: string, auth: Record<string, unknown> | undefined): Promise<Error> {
  const socket = io(url, { auth, reconnection: false, transports: ['websocket'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`no connect_error within ${WAIT_MS} ms`));
    }, WAIT_MS);
    socket.on('connect', () => {
      clearTimeout(timer);
      socket.disconnect();
      reject(new Error(`connected with auth ${JSON.stringify(auth)}`));
    });
    socket.on('connect_error', (error) => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(error);
    });
  });
}

// ---------------------------------------------------------------------------
// The server, as a separate process
// ---------------------------------------------------------------------------

let server: ChildProcess;
let serverOutput = '';
let url = '';
const clients: OutsideClient[] = [];

function client(
  name: string,
  auth: Record<string, unknown> = { protocolVersion: PROTOCOL_VERSION },
) {
  const c = new OutsideClient(name, url, auth);
  clients.push(c);
  return c;
}

const publicRooms = z.object({
  rooms: z.array(
    z.object({
      code: roomCode,
      scope,
      mode: z.enum(['race', 'parallel', 'coop']),
      players: z.number().int().nonnegative(),
      maxPlayers: z.number().int().min(1).max(50),
    }),
  ),
});

async function getRooms(): Promise<z.infer<typeof publicRooms>> {
  const response = await fetch(`${url}/api/rooms`);
  expect(response.status).toBe(200);
  return publicRooms.parse(await response.json());
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawnScript('server/main.ts', [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: process.env.TEST_DATA_DIR || join(process.cwd(), 'data', 'test'),
    DATABASE_URL: '',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
  });
  server.stdout!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  try {
    await eventually(
      async () => {
        if (server.exitCode !== null) throw new Error('server exited');
        const response = await fetch(`${url}/healthz`);
        if (response.status !== 200) return undefined;
        expect(await response.json()).toEqual({ status: 'ok' });
        return true;
      },
      60_000,
      'GET /healthz to answer 200',
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; server said:\n${serverOutput}`, { cause: error });
  }
});

afterAll(async () => {
  for (const c of clients) c.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

test('a client of another protocol version, or without one, is refused at connect', async () => {
  for (const auth of [{ protocolVersion: 0 }, { protocolVersion: 2 }, {}, undefined]) {
    const error = (await refusedConnection(url, auth)) as Error & { data?: unknown };
    expect({ auth, data: error.data }).toEqual({
      auth,
      data: { code: 'bad_request', message: expect.any(String) },
    });
    // "... saying which version the server speaks"
    expect((error.data as { message: string }).message).toMatch(/\b1\b/);
  }
});

test('GET /api/games/:id answers 404 for an unknown id', async () => {
  const response = await fetch(`${url}/api/games/no-such-game`);
  expect(response.status).toBe(404);
});

test('two players play a whole race over protocol v1', async () => {
  const host = client('host');
  const guest = client('guest');

  // The version, and the list of minor features (a client may ignore it).
  const hello = { protocolVersion: PROTOCOL_VERSION, features: expect.any(Array) as unknown };
  expect(await host.connect()).toEqual(hello);
  expect(await guest.connect()).toEqual(hello);

  // --- lobby -------------------------------------------------------------
  const created = await host.send('room:create', {
    nickname: '  Ada  ',
    settings: { scope: 'DE', durationSec: 60, public: true },
  });
  const code = created.room.code;
  const hostId = created.you.playerId;
  expect(created.room).toMatchObject({
    phase: 'lobby',
    hostId,
    endsAt: null,
    found: [],
    settings: { scope: 'DE', mode: 'race', durationSec: 60, maxPlayers: 16, public: true },
    progress: { places: 0, population: 0, capitals: 0 },
  });
  expect(created.room.players).toEqual([
    expect.objectContaining({ id: hostId, nickname: 'Ada', score: 0, connected: true }),
  ]);
  const deTotals = created.room.totals;

  // The public room waits in its lobby.
  expect((await getRooms()).rooms).toContainEqual({
    code,
    scope: 'DE',
    mode: 'race',
    players: 1,
    maxPlayers: 16,
  });

  // A code nobody holds.
  const unknownCode = code === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA';
  expect(await guest.refused('room:join', { code: unknownCode, nickname: 'Ada' })).toBe(
    'not_found',
  );

  // Case is ignored; a taken nickname is made unique.
  const joined = await guest.send('room:join', { code: code.toLowerCase(), nickname: 'Ada' });
  const guestId = joined.you.playerId;
  expect(guestId).not.toBe(hostId);
  expect(joined.you.sessionToken).not.toBe(created.you.sessionToken);
  expect(joined.room.code).toBe(code);
  expect(joined.room.hostId).toBe(hostId);
  expect(joined.room.players.map((p) => [p.id, p.nickname]).sort()).toEqual(
    [
      [hostId, 'Ada'],
      [guestId, 'Ada 2'],
    ].sort(),
  );

  // The host changes a setting; a bad one is refused; a guest cannot start.
  expect(await host.send('room:settings', { settings: { durationSec: 120 } })).toEqual({
    ok: true,
  });
  expect(await host.refused('room:settings', { settings: { durationSec: 30 } })).toBe(
    'bad_request',
  );
  expect(await host.refused('room:settings', { settings: { colour: 'red' } })).toBe('bad_request');
  expect(await guest.refused('game:start', {})).toBe('not_host');
  expect(await host.refused('game:end', {})).toBe('wrong_phase');

  const lobby = (await guest.send('room:state', {})).room;
  expect(lobby).toMatchObject({
    code,
    phase: 'lobby',
    hostId,
    settings: { scope: 'DE', mode: 'race', durationSec: 120, maxPlayers: 16, public: true },
  });
  expect(lobby.players).toHaveLength(2);
  expect(lobby.totals).toEqual(deTotals);

  // --- playing -----------------------------------------------------------
  const startedAt = Date.now();
  expect(await host.send('game:start', {})).toEqual({ ok: true });
  const playing = (await guest.send('room:state', {})).room;
  expect(playing.phase).toBe('playing');
  expect(playing.endsAt).not.toBeNull();
  expect(playing.endsAt! - startedAt).toBeGreaterThan(110_000);
  expect(playing.endsAt! - startedAt).toBeLessThanOrEqual(125_000);
  // The public list still shows the room, as running a game (feature quick-play).
  const listed = (await (await fetch(`${url}/api/rooms`)).json()) as {
    rooms: { code: string; running?: boolean }[];
  };
  expect(listed.rooms.find((r) => r.code === code)?.running).toBe(true);
  expect(await host.refused('room:settings', { settings: { durationSec: 60 } })).toBe(
    'wrong_phase',
  );

  const finds: PlaceFound[] = [];
  /** A guess that claims a place: the ack says found, and both clients see place:found. */
  async function find(who: OutsideClient, text: string, geonameId: number): Promise<Place> {
    const sinceHost = host.mark();
    const sinceGuest = guest.mark();
    const { result } = await who.send('guess', { text });
    expect(result).toMatchObject({ kind: 'found', place: { id: geonameId, country: 'DE' } });
    const claimed = (result as { place: Place }).place;
    const isPlace = (p: unknown) => (p as PlaceFound).place.id === geonameId;
    const seenByHost = (await host.waitFor('place:found', isPlace, sinceHost)) as PlaceFound;
    const seenByGuest = (await guest.waitFor('place:found', isPlace, sinceGuest)) as PlaceFound;
    expect(seenByGuest).toEqual(seenByHost);
    expect(seenByHost.place).toEqual(claimed);
    expect(seenByHost.playerId).toBe(who === host ? hostId : guestId);
    if (finds.length > 0) expect(seenByHost.seq).toBeGreaterThan(finds[finds.length - 1]!.seq);
    finds.push(seenByHost);
    return claimed;
  }

  const BERLIN = 2950159;
  const HAMBURG = 2911298;
  const MUNICH = 2867714;
  const COLOGNE = 2886242;
  const STUTTGART = 2825297;
  const FRANKFURT = 2925533;

  const berlin = await find(host, 'Berlin', BERLIN);
  await find(guest, 'München', MUNICH);
  await find(host, 'Hamburg', HAMBURG);
  await find(host, 'Koeln', COLOGNE); // Köln, normalised
  await find(guest, 'stuttgart', STUTTGART);

  // Someone else was first; you named it already; a miss.
  const taken = await guest.send('guess', { text: 'Berlin' });
  expect(taken.result).toEqual({ kind: 'taken', place: berlin, by: expect.any(String) });
  // "`by` named it first": the docs do not say whether `by` is a player id or a nickname.
  expect([hostId, 'Ada']).toContain((taken.result as { by: string }).by);
  expect((await host.send('guess', { text: 'Berlin' })).result).toEqual({
    kind: 'repeat',
    place: berlin,
  });
  expect((await guest.send('guess', { text: 'Xyzzyqvill' })).result).toEqual({ kind: 'miss' });

  // Payloads are checked strictly.
  expect(await guest.refused('guess', { text: 42 })).toBe('bad_request');
  expect(await guest.refused('guess', {})).toBe('bad_request');
  expect(await guest.refused('guess', { text: 'Dresden', extra: true })).toBe('bad_request');
  expect(await guest.refused('guess', { text: 'x'.repeat(201) })).toBe('bad_request');

  const during = (await host.send('room:state', {})).room;
  expect(during.phase).toBe('playing');
  expect(during.found).toHaveLength(finds.length);
  expect(during.found.map((f) => f.place.id).sort()).toEqual(finds.map((f) => f.place.id).sort());
  const totalPopulation = finds.reduce((sum, f) => sum + f.place.population, 0);
  expect(during.progress).toMatchObject({ places: finds.length, population: totalPopulation });
  const byPlayer = (id: string) => finds.filter((f) => f.playerId === id);
  const scoreOf = (id: string) => ({
    score: byPlayer(id).length,
    population: byPlayer(id).reduce((sum, f) => sum + f.place.population, 0),
  });
  expect(during.players.find((p) => p.id === hostId)).toMatchObject(scoreOf(hostId));
  expect(during.players.find((p) => p.id === guestId)).toMatchObject(scoreOf(guestId));
  for (const p of during.players) expect(p.capitals).toBeLessThanOrEqual(p.score);
  expect(during.players.map((p) => p.color)).toHaveLength(2);

  // --- the end -----------------------------------------------------------
  const hostMark = host.mark();
  const guestMark = guest.mark();
  expect(await guest.refused('game:end', {})).toBe('not_host');
  expect(await host.send('game:end', {})).toEqual({ ok: true });
  const endedForHost = (await host.waitFor('game:ended', () => true, hostMark)) as GameEnded;
  const endedForGuest = (await guest.waitFor('game:ended', () => true, guestMark)) as GameEnded;
  expect(endedForGuest).toEqual(endedForHost);
  const { results, missed } = endedForHost;

  expect(results.totals).toEqual(deTotals);
  expect(results.populationShare).toBeCloseTo(totalPopulation / deTotals.population, 6);
  expect(results.ranking).toHaveLength(2);
  const [first, second] = [...results.ranking].sort((a, b) => a.rank - b.rank);
  expect(first).toMatchObject({ rank: 1, ...scoreOf(hostId) });
  expect(second).toMatchObject({ rank: 2, ...scoreOf(guestId) });
  for (const [entry, id] of [
    [first!, hostId],
    [second!, guestId],
  ] as const) {
    const mine = byPlayer(id).map((f) => f.place.id);
    if (Array.isArray(entry.finds)) {
      expect(entry.finds).toHaveLength(mine.length);
    } else {
      expect(entry.finds).toBe(mine.length);
    }
  }

  // The 50 largest places nobody named: Frankfurt is the largest left.
  expect(missed).toHaveLength(50);
  const foundIds = new Set(finds.map((f) => f.place.id));
  for (const m of missed) {
    expect(foundIds.has(m.id)).toBe(false);
    expect(m.country).toBe('DE');
  }
  expect(missed.map((m) => m.id)).toContain(FRANKFURT);

  const finished = (await host.send('room:state', {})).room;
  expect(finished.phase).toBe('finished');

  // The saved result.
  const saved = await fetch(`${url}/api/games/${encodeURIComponent(String(results.gameId))}`);
  expect(saved.status).toBe(200);
  const savedBody: unknown = await saved.json();
  expect(gameEnded.safeParse(savedBody).success).toBe(true);
  expect(savedBody).toEqual(endedForHost);

  // Everything the server sent matched the docs, and no seq jumped.
  expect(host.problems).toEqual([]);
  expect(guest.problems).toEqual([]);
});
