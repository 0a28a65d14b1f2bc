/**
 * A real node on a loopback port and real socket.io clients speaking
 * protocol v1 to it, for the integration suites. Waits are for events, with
 * a deadline; never fixed sleeps.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { Database } from '../../db/database.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.js';
import { PROTOCOL_VERSION } from '../../protocol/schemas.js';
import type { LoginGuardOptions } from '../../server/admin/login-guard.js';
import { createLogger, type Logger } from '../../server/log.js';
import { createGameNode, type GameNode } from '../../server/node.js';
import type { RunningGame } from '../../server/start-game.js';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from '../../server/realtime/rate-limits.js';
import type { RoomStore } from '../../server/rooms/room-store.js';
import { testPlaces } from './places.js';

export type PlayerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A clock the test moves; starts at the real time. */
export class TestClock {
  now = Date.now();
  read = () => this.now;
  advance(ms: number) {
    this.now += ms;
  }
}

/** Limits high enough that only the rate-limit tests meet them. */
export const GENEROUS_LIMITS: RateLimitConfig = {
  guessBurst: 100_000,
  guessesPerSecond: 100_000,
  commandsPerSecond: 100_000,
  createsPerMinute: 100_000,
  joinsPerMinute: 100_000,
};

export interface TestNode {
  url: string;
  /** Where the node writes its log files and hourly CSV. */
  files: string;
  /** The node's rooms (in memory: no Redis here). */
  store: RoomStore;
  node: GameNode;
  game: RunningGame;
  clock: TestClock;
  close(): Promise<void>;
}

export async function startTestNode(
  db: Database,
  options: {
    rateLimits?: RateLimitConfig;
    clock?: TestClock;
    metricsToken?: string;
    /** Turns the operator's dashboard on. */
    adminPassword?: string;
    /** The operator login's limits (no delays between wrong passwords, say). */
    loginGuard?: Partial<LoginGuardOptions>;
    /** CONNECTIONS_PER_ADDRESS (500 when absent). */
    connectionsPerAddress?: number;
    /** ALLOWED_ORIGINS (the node's own origin when absent). */
    allowedOrigins?: readonly string[];
    /** The node's log (silent when absent). */
    log?: Logger;
  } = {},
): Promise<TestNode> {
  const clock = options.clock ?? new TestClock();
  // The node's own files (client-errors.log, impossible.log, the hourly CSV) in a directory of its own.
  const files = await mkdtemp(join(tmpdir(), 'placerace-node-'));
  const node = createGameNode({
    metricsToken: options.metricsToken,
    adminPassword: options.adminPassword,
    loginGuard: options.loginGuard,
    connectionsPerAddress: options.connectionsPerAddress,
    allowedOrigins: options.allowedOrigins,
    log: options.log,
    logDir: files,
    historyFile: join(files, 'hourly.csv'),
  });
  const places = await testPlaces(db);
  const game = node.ready({
    db,
    places,
    log: createLogger('silent'),
    clock: clock.read,
    rateLimits: options.rateLimits ?? GENEROUS_LIMITS,
    tickMs: 50,
  });
  await new Promise<void>((resolve) => node.http.listen(0, '127.0.0.1', resolve));
  const { port } = node.http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    store: node.rooms,
    node,
    game,
    clock,
    async close() {
      await node.close();
      await rm(files, { recursive: true, force: true });
    },
  };
}

export { DEFAULT_RATE_LIMITS };

const opened: PlayerSocket[] = [];
const greetings = new WeakMap<PlayerSocket, Promise<unknown>>();

/** The `hello` the server sent when `socket` connected. */
export function greeting(socket: PlayerSocket): Promise<unknown> | undefined {
  return greetings.get(socket);
}

/**
 * A connected client of protocol v1 (or of `protocolVersion`, to test
 * refusals); `features`: the minor features it speaks, named in its handshake.
 */
export async function connectPlayer(
  url: string,
  protocolVersion: number = PROTOCOL_VERSION,
  options: { reconnection?: boolean; features?: string[] } = {},
): Promise<PlayerSocket> {
  const socket: PlayerSocket = connect(url, {
    auth: options.features ? { protocolVersion, features: options.features } : { protocolVersion },
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 50,
    forceNew: true,
  });
  opened.push(socket);
  // The greeting comes with the connection, before a test could listen for it.
  greetings.set(socket, new Promise((resolve) => socket.once('hello', resolve)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Disconnects every client the suite opened. */
export function disconnectAll(): void {
  for (const socket of opened.splice(0)) socket.disconnect();
}

/**
 * Emits an event and resolves with its ack. Typed loosely on purpose: the
 * suites send wrong payloads too, and check acks with matchers.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function call<E extends keyof ClientToServerEvents>(
  socket: PlayerSocket,
  event: E,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<any> {
  return (socket.timeout(timeoutMs) as any).emitWithAck(event, payload);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Resolves with the next `event` whose payload satisfies `accept`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: PlayerSocket,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}
