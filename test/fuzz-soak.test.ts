/**
 * The hostile soak (issue 14): 100,000 events over real sockets, from a dozen
 * clients at once, against the real server process (server/main.ts as
 * `npm start` runs it, on the suites' PGlite data directory). They mix every
 * pattern test/fuzz.test.ts sends with huge strings, deep JSON, __proto__ and
 * constructor keys, SQL, path traversal, markup, NUL, control, bidi and
 * invisible characters, wrong types, unknown and reserved events, binary
 * attachments (well formed and not), malformed packets, Engine.IO polling
 * requests of the kinds 2026's advisories were about, and sockets that
 * connect and vanish. Meanwhile two honest players play a game on the same
 * node: create, join, start, six finds, end; it must be saved.
 *
 * Why a child process, not the app in Jest's process as fuzz.test.ts does:
 * what is asserted are properties of the server process. It must never exit
 * (an uncaught exception or unhandled rejection kills a real process, which
 * Jest's own handlers could hide), and its resident memory is read from
 * /proc before and after, which in-process would count the attackers'
 * 100,000 payloads too. The server also gets a core of its own, as in
 * production, instead of sharing one event loop with its attackers.
 *
 * The server runs with its real limits (10 commands and 10 guesses a second
 * per socket, rooms and joins per address a minute) behind a pretend proxy
 * (TRUST_PROXY=1): each attacker session comes from an X-Forwarded-For
 * address of its own, as a swarm from many machines would. Sessions mostly
 * keep within a fresh socket's allowance, so most events reach validation
 * and the rules; a tenth are greedy and meet the limits.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io as connect } from 'socket.io-client';
import { seededRandom } from '../loadtest/random.js';
import { CLIENT_EVENTS } from '../protocol/events.js';
import { ERROR_CODES, PROTOCOL_VERSION } from '../protocol/schemas.js';
import { startServer, type ServerProcess } from './support/browser-game.js';
import { call, nextEvent, type PlayerSocket } from './support/game-client.js';
import {
  HOSTILE_TEXTS,
  MAX_FUZZ_BYTES,
  hostileGenerators,
  type ClientEvent,
} from './support/hostile-payloads.js';
import { testDataDir } from './support/services.js';

const EVENTS = 100_000;
/** The soak stops here even if it has not sent them all (and then fails). */
const DEADLINE_MS = 150_000;
/** Attacker sessions running at once. */
const CLIENTS = 12;
/** Engine.IO polling requests among the events (they are slow: an HTTP request or two each). */
const POLLING_REQUESTS = 400;
/** Resident memory may grow this much over the soak (rooms, caches, the heap's own growth). */
const RSS_GROWTH_LIMIT_MB = 300;

const random = seededRandom(20261130);
const gen = hostileGenerators(random);
const { pick } = gen;

const COMMANDS = CLIENT_EVENTS.filter((event) => event !== 'guess');
const UNKNOWN_EVENTS = [
  'room:delete',
  'admin:login',
  'room:watch',
  'room:unwatch',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'then',
  '',
  ' ',
  '\u0000',
  '\u202eguess',
  'guess ',
  'GUESS',
  'x'.repeat(2_000),
];

/** Socket.IO packets no client library sends: each may get the connection closed. */
const RAW_PACKETS: readonly string[] = [
  '2["guess"',
  '2[]',
  '2{}',
  '2"guess"',
  '2[1]',
  '2[null]',
  '2[{"text":"x"}]',
  '2["error",{}]',
  '2["disconnect"]',
  '2["disconnecting"]',
  '2["connect"]',
  '2["connect_error",{}]',
  '2["newListener","guess"]',
  '2["removeListener","guess"]',
  '21["__proto__",{}]',
  '2["constructor",{"prototype":{"polluted":true}}]',
  '2["hasOwnProperty"]',
  '2999999999999999999999["guess",{"text":"Paris"}]',
  '2-1["guess",{}]',
  '0/admin,',
  '0/nonexistent,{"protocolVersion":1}',
  '0/,{"protocolVersion":1}',
  '1',
  '1/admin,',
  '3[1]',
  '35["ok"]',
  '399999999999999999999[]',
  '9',
  '7',
  'x',
  '',
  '51-["guess",{"_placeholder":true,"num":0}]',
  '51-["guess",{"_placeholder":true,"num":7}]',
  '5999-["guess",{}]',
  '5-1-["guess",{}]',
  '51-["guess",{"_placeholder":true,"num":"__proto__"}]',
  `2["guess",{"text":"${'x'.repeat(40_000)}"}]`,
];

type RawEngine = {
  write(data: string | Buffer): void;
  _sendPacket?: (type: string, data?: string) => void;
};

interface Figures {
  sent: number;
  byPattern: Record<string, number>;
  acks: Record<string, number>;
  connections: number;
  /** Connections the server (or the transport) closed, by socket.io's reason. */
  closedByServer: Record<string, number>;
  abandoned: number;
  malformedAcks: unknown[];
  /** Acks lost on connections that only sent well-formed packets and waited for every answer. */
  lostOnClean: string[];
  pollingUnanswered: number;
  pollingStatuses: Record<string, number>;
}

const figures: Figures = {
  sent: 0,
  byPattern: {},
  acks: {},
  connections: 0,
  closedByServer: {},
  abandoned: 0,
  malformedAcks: [],
  lostOnClean: [],
  pollingUnanswered: 0,
  pollingStatuses: {},
};
const count = (table: Record<string, number>, key: string, by = 1) =>
  void (table[key] = (table[key] ?? 0) + by);

/** Takes one event from the budget; false once all are spent. */
function spend(pattern: string): boolean {
  if (figures.sent >= EVENTS) return false;
  figures.sent++;
  count(figures.byPattern, pattern);
  return true;
}

let server: ServerProcess;
let files: string;
let exited: { code: number | null; signal: string | null } | undefined;
const serverOutput: string[] = [];
const sockets = new Set<PlayerSocket>();

beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), 'placerace-soak-'));
  server = await startServer(testDataDir, {
    env: {
      TRUST_PROXY: '1',
      LOG_DIR: files,
      HISTORY_FILE: join(files, 'hourly.csv'),
      LOG_LEVEL: 'warn',
    },
  });
  server.child.once('exit', (code, signal) => (exited = { code, signal }));
  for (const stream of [server.child.stdout, server.child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      serverOutput.push(...chunk.toString().split('\n').filter(Boolean));
      serverOutput.splice(0, Math.max(0, serverOutput.length - 200));
    });
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.stop();
  if (files) await rm(files, { recursive: true, force: true });
});

/** The server process's resident memory, in MB, as the kernel counts it. */
async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

let addresses = 0;
/** A fresh documentation-range address per session (RFC 5737 and 3849 ranges, never routed). */
function nextAddress(): string {
  const n = ++addresses;
  return n % 5 === 0 ? `2001:db8::${n.toString(16)}` : `198.51.${(n >> 8) & 255}.${n & 255}`;
}

/** A socket.io client of protocol v1 coming through the pretend proxy from `address`. */
function open(url: string, address: string): PlayerSocket {
  const socket: PlayerSocket = connect(url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    extraHeaders: { 'x-forwarded-for': address },
  });
  sockets.add(socket);
  socket.once('disconnect', (reason) => {
    sockets.delete(socket);
    if (reason !== 'io client disconnect') count(figures.closedByServer, reason);
  });
  figures.connections++;
  return socket;
}

function connected(socket: PlayerSocket): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
}

/** Sorts an ack into the figures; anything but ok or an error of a known code is kept as malformed. */
function recordAck(ack: unknown): void {
  const value = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (value?.ok === true) return count(figures.acks, 'ok');
  const code = value?.error?.code;
  if (
    value?.ok === false &&
    typeof code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(code) &&
    typeof value.error?.message === 'string'
  ) {
    return count(figures.acks, code);
  }
  figures.malformedAcks.push(ack);
}

/**
 * Sends one acked event and records its answer. On a clean session every
 * ack must come back; on an abandoned one the session hangs up first.
 */
async function acked(
  socket: PlayerSocket,
  event: string,
  payload: unknown,
  clean: boolean,
  extraArgs: unknown[] = [],
): Promise<void> {
  try {
    const timed = socket.timeout(10_000) as unknown as {
      emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
    };
    recordAck(await timed.emitWithAck(event, payload, ...extraArgs));
  } catch (err) {
    const reason = (err as Error).message;
    if (clean) figures.lostOnClean.push(`${event}: ${reason}`);
    else count(figures.acks, 'abandoned by the client');
  }
}

/** A payload for a client event in one of the soak's patterns; undefined when the budget is spent. */
function payloadFor(event: ClientEvent): { pattern: string; payload: unknown; args?: unknown[] } {
  const r = random();
  if (r < 0.3) return { pattern: 'fuzz.test generators', payload: gen.hostilePayload(event) };
  if (r < 0.55) return { pattern: 'hostile texts', payload: gen.wellFormedHostile(event) };
  if (r < 0.62) {
    // As deep as fits under the cap: arrays nest thousands deep, objects with long keys less.
    let json = gen.deepJson(pick([20, 200, 1_000, 3_000]));
    while (Buffer.byteLength(json) > MAX_FUZZ_BYTES) json = gen.deepJson(pick([20, 200, 1_000]));
    return { pattern: 'deep JSON', payload: JSON.parse(json) };
  }
  if (r < 0.7) return { pattern: '__proto__/constructor keys', payload: gen.prototypePayload() };
  if (r < 0.75) {
    // Up to the cap in bytes of JSON: 28,000 ASCII letters, 7,000 emoji, 4,600 NULs (\u0000 each).
    const [char, bytes] = pick([
      ['x', 1],
      ['東', 3],
      ['😀', 4],
      ['\u0000', 6],
      ['\u202e', 3],
    ] as const);
    const field = pick(['text', 'nickname', 'code', 'scope']);
    const huge = char.repeat(Math.floor((random() * MAX_FUZZ_BYTES) / bytes));
    return { pattern: 'huge strings', payload: { [field]: huge } };
  }
  if (r < 0.83) {
    return {
      pattern: 'wrong types',
      payload: pick([42, -1, 1e308, 'Paris', true, null, [], [[{}]], { text: 7 }]),
      args: random() < 0.3 ? [pick(['extra', 1, {}, null])] : [],
    };
  }
  if (r < 0.91) {
    const bytes = () => Buffer.from(pick(HOSTILE_TEXTS));
    return {
      pattern: 'binary attachments',
      payload: pick([
        { text: bytes() },
        { nickname: 'A', settings: Buffer.alloc(64) },
        [bytes(), bytes(), bytes()],
        { code: new Uint8Array(6), nickname: bytes() },
        bytes(),
      ]),
    };
  }
  return { pattern: 'fuzz.test generators', payload: gen.hostilePayload(event) };
}

/** A random value whose JSON stays under the cap (a larger one closes the connection, by design). */
function smallValue(): unknown {
  for (;;) {
    const value = gen.randomValue(0);
    if (Buffer.byteLength(JSON.stringify(value) ?? '') <= MAX_FUZZ_BYTES) return value;
  }
}

/** Events in a burst that a fresh socket may send within its allowance (one command is spent joining). */
const CLEAN_COMMANDS = 8;
const CLEAN_GUESSES = 18;

/** What a session does with its socket after joining (or not joining) a room. */
async function burst(socket: PlayerSocket, options: { greedy: boolean; clean: boolean }) {
  const pending: Promise<void>[] = [];
  const commands = options.greedy ? 40 : CLEAN_COMMANDS;
  const guesses = options.greedy ? 40 : CLEAN_GUESSES;
  const plan: ClientEvent[] = [
    ...Array.from({ length: commands }, () => pick(COMMANDS)),
    ...Array.from({ length: guesses }, () => 'guess' as const),
  ];
  for (const event of plan) {
    const { pattern, payload, args } = payloadFor(event);
    if (!spend(pattern)) break;
    pending.push(acked(socket, event, payload, options.clean, args));
  }
  // Events nobody answers: without an ack callback, and names the server does not know.
  for (let i = 0; i < 6; i++) {
    if (random() < 0.5) {
      const event = pick(CLIENT_EVENTS);
      const { payload } = payloadFor(event);
      if (!spend('no ack')) break;
      (socket as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
    } else {
      if (!spend('unknown events')) break;
      const name = random() < 0.3 ? gen.randomString(30) || 'k' : pick(UNKNOWN_EVENTS);
      const unknown = socket as unknown as { emit(e: string, ...a: unknown[]): void };
      // Unknown events are counted and dropped, never answered (operator events are, refused).
      if (random() < 0.5) unknown.emit(name, smallValue(), recordAck);
      else unknown.emit(name, smallValue());
    }
  }
  return pending;
}

/** Room codes of attackers' rooms, some waiting and some playing, for others to join. */
const attackerRooms: string[] = [];

async function session(url: string): Promise<void> {
  const r = random();
  const address = nextAddress();
  if (r < 0.12) {
    // Connect and vanish: sometimes before the handshake is through, sometimes mid-burst.
    const socket = open(url, address);
    if (!spend('rapid connect/disconnect')) return void socket.disconnect();
    if (random() < 0.4) return void socket.disconnect();
    if (!(await connected(socket))) return;
    const abandoned = await burst(socket, { greedy: false, clean: false });
    socket.disconnect();
    figures.abandoned++;
    await Promise.all(abandoned);
    return;
  }
  const socket = open(url, address);
  if (!(await connected(socket))) return;
  if (r < 0.27) {
    // Packets no library sends: malformed, reserved events, bad attachments, over the cap.
    const engine = socket.io.engine as unknown as RawEngine;
    for (let i = 0; i < 1 + Math.floor(random() * 4) && socket.connected; i++) {
      const k = random();
      if (k < 0.75) {
        if (!spend('malformed packets')) break;
        engine.write(pick(RAW_PACKETS));
      } else if (k < 0.9) {
        if (!spend('malformed packets')) break;
        engine.write(pick(RAW_PACKETS.filter((p) => p.startsWith('5'))));
        engine.write(pick([Buffer.alloc(0), Buffer.from([1, 2, 3]), Buffer.alloc(2_048)]));
      } else {
        if (!spend('engine.io packets')) break;
        engine._sendPacket?.(pick(['ping', 'pong', 'noop', 'upgrade', 'close']), 'probe');
      }
      await sleep(5);
    }
    socket.disconnect();
    return;
  }
  if (r < 0.45) {
    // A host: a room of its own, now and then started so that guesses reach the look-up.
    if (!spend('hostile texts')) return void socket.disconnect();
    const nickname = random() < 0.5 ? pick(HOSTILE_TEXTS).slice(0, 20) : 'Host';
    const ack = (await call(socket, 'room:create', {
      nickname,
      settings: { scope: pick(['DE', 'FR', 'IT', 'JP']) },
    }).catch(() => undefined)) as { ok?: boolean; room?: { code: string } } | undefined;
    recordAck(ack);
    if (ack?.ok && ack.room) attackerRooms.push(ack.room.code);
    if (attackerRooms.length > 200) attackerRooms.splice(0, 100);
  } else if (r < 0.7 && attackerRooms.length > 0) {
    // A player joining someone's room with a hostile name.
    if (!spend('hostile texts')) return void socket.disconnect();
    const ack = await call(socket, 'room:join', {
      code: pick(attackerRooms),
      nickname: random() < 0.6 ? pick(HOSTILE_TEXTS).slice(0, 20) : 'Guest',
    }).catch(() => undefined);
    recordAck(ack);
  }
  // Greedy sessions meet the limits; the answers still come, as rate_limited. A few hang up
  // with their answers on the way; the others wait for every one.
  const greedy = random() < 0.1;
  const hangUp = random() < 0.08;
  const pending = await burst(socket, { greedy, clean: !hangUp });
  if (hangUp) {
    socket.disconnect();
    figures.abandoned++;
  }
  await Promise.all(pending);
  socket.disconnect();
}

/**
 * Engine.IO polling requests of the kinds 2026's engine.io advisories were
 * about: invalid binary POSTs on a session, __proto__ as a session id, other
 * protocol revisions. Each must be answered, not left hanging.
 */
async function pollingAbuse(url: string): Promise<void> {
  const base = `${url}/socket.io/`;
  while (
    figures.sent < EVENTS &&
    (figures.byPattern['Engine.IO polling'] ?? 0) < POLLING_REQUESTS
  ) {
    if (!spend('Engine.IO polling')) return;
    const k = random();
    let request: [string, RequestInit];
    if (k < 0.4) {
      const open = await fetch(`${base}?EIO=4&transport=polling`, {
        headers: { 'x-forwarded-for': nextAddress() },
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      const sid = /"sid":"([^"]+)"/.exec((await open?.text()) ?? '')?.[1] ?? 'none';
      request = [
        `${base}?EIO=4&transport=polling&sid=${sid}`,
        {
          method: 'POST',
          headers: { 'content-type': pick(['application/octet-stream', 'text/plain']) },
          body: pick([Buffer.from([0xff, 0x00, 0x13]), '4garbage\x1e\x1e', 'b' + 'A'.repeat(500)]),
        },
      ];
    } else {
      request = [
        `${base}?${pick([
          'EIO=4&transport=polling&sid=__proto__',
          'EIO=4&transport=polling&sid=constructor',
          'EIO=3&transport=polling',
          'EIO=5&transport=polling',
          'EIO=4&transport=webtransport',
          'EIO=4&transport=__proto__',
          'EIO=4&transport=websocket',
          'EIO=4&transport=polling&b64=1&j=0',
        ])}`,
        { method: pick(['GET', 'POST', 'PUT', 'OPTIONS']) },
      ];
    }
    const answer = await fetch(request[0], {
      ...request[1],
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
    if (!answer) figures.pollingUnanswered++;
    else {
      count(figures.pollingStatuses, String(answer.status));
      await answer.arrayBuffer().catch(() => undefined);
    }
  }
}

/** Two honest players on the same node: a whole game, spread over the soak. */
async function honestGame(url: string) {
  const ann = open(url, '192.0.2.10');
  const ben = open(url, '192.0.2.20');
  expect(await connected(ann)).toBe(true);
  expect(await connected(ben)).toBe(true);
  const created = await call(ann, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
  expect(created.ok).toBe(true);
  expect((await call(ben, 'room:join', { code: created.room.code, nickname: 'Ben' })).ok).toBe(
    true,
  );
  expect((await call(ann, 'game:start', {})).ok).toBe(true);
  const guesses = ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart'];
  const kinds: string[] = [];
  for (const [i, text] of guesses.entries()) {
    // One find per eighth of the soak, so the game lives through most of it.
    const due = Math.min(EVENTS - 1, ((i + 1) * EVENTS) / 8);
    while (figures.sent < due && !exited) await sleep(50);
    const ack = await call(i % 2 === 0 ? ann : ben, 'guess', { text });
    kinds.push(ack.result?.kind ?? ack.error?.code);
  }
  const annHears = nextEvent(ann, 'game:ended', () => true, 30_000);
  const benHears = nextEvent(ben, 'game:ended', () => true, 30_000);
  expect((await call(ann, 'game:end', {})).ok).toBe(true);
  const [ended] = await Promise.all([annHears, benHears]);
  const saved = await fetch(`${url}/api/games/${ended.results.gameId}`);
  const body = (await saved.json()) as {
    results: { gameId: string; ranking: { nickname: string; score: number }[] };
  };
  return { kinds, ended, saved: { status: saved.status, body } };
}

test(
  `${EVENTS.toLocaleString('en')} hostile events from ${CLIENTS} clients: the server stays up, its memory bounded, an honest game saved`,
  async () => {
    const { url } = server;
    const pid = server.child.pid!;
    const started = Date.now();
    const rssBefore = await residentMb(pid);
    let rssPeak = rssBefore;
    let rssHalfway: number | undefined;
    const sampler = setInterval(() => {
      void residentMb(pid)
        .then((mb) => {
          rssPeak = Math.max(rssPeak, mb);
          if (rssHalfway === undefined && figures.sent >= EVENTS / 2) rssHalfway = mb;
        })
        .catch(() => undefined);
    }, 1_000);

    const honest = honestGame(url);
    // Awaited below; a failure before then is reported there, not as an unhandled rejection.
    honest.catch(() => undefined);
    const workers = Array.from({ length: CLIENTS }, async () => {
      while (figures.sent < EVENTS && Date.now() - started < DEADLINE_MS && !exited) {
        await session(url);
      }
    });
    const polling = pollingAbuse(url);
    await Promise.all([...workers, polling]);
    const game = await honest;
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;

    // Let the server finish what the last sessions left (disconnects, acks in flight).
    await sleep(1_000);
    const rssAfter = await residentMb(pid);
    const health = await fetch(`${url}/healthz`);
    const late = open(url, '192.0.2.30');
    expect(await connected(late)).toBe(true);
    const lateRoom = await call(late, 'room:create', { nickname: 'Late' });
    const impossible = await readFile(join(files, 'impossible.log'), 'utf8').catch(() => '');
    const errorLines = serverOutput.filter((line) => /"level":(50|60)/.test(line));

    console.log(
      `fuzz soak: ${JSON.stringify(
        {
          seconds: Number(seconds.toFixed(1)),
          sent: figures.sent,
          byPattern: figures.byPattern,
          acks: figures.acks,
          connections: figures.connections,
          closedByServer: figures.closedByServer,
          abandonedByClient: figures.abandoned,
          polling: {
            statuses: figures.pollingStatuses,
            unanswered: figures.pollingUnanswered,
          },
          rssMb: {
            before: Math.round(rssBefore),
            halfway: Math.round(rssHalfway ?? NaN),
            peak: Math.round(rssPeak),
            after: Math.round(rssAfter),
          },
          honest: { guesses: game.kinds, saved: game.saved.status },
        },
        null,
        1,
      )}`,
    );

    expect(exited).toBeUndefined();
    expect(server.child.exitCode).toBeNull();
    expect(health.status).toBe(200);
    expect(figures.sent).toBe(EVENTS);
    expect(figures.malformedAcks).toEqual([]);
    expect(figures.lostOnClean).toEqual([]);
    expect(figures.acks.internal ?? 0).toBe(0);
    expect(figures.pollingUnanswered).toBe(0);
    expect(impossible).toBe('');
    expect(errorLines).toEqual([]);
    expect(rssAfter - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    expect(lateRoom.ok).toBe(true);

    expect(game.kinds).toEqual(game.kinds.map(() => 'found'));
    expect(game.ended.saved).not.toBe(false);
    expect(game.saved.status).toBe(200);
    expect(game.saved.body.results.gameId).toBe(game.ended.results.gameId);
    const { ranking } = game.saved.body.results;
    expect(ranking.map((p) => `${p.nickname} ${p.score}`).sort()).toEqual(['Ann 3', 'Ben 3']);
  },
  DEADLINE_MS + 90_000,
);
