/**
 * Protocol v1 over socket.io: the thin layer between sockets and the pure
 * room rules. Every payload is validated once, here, with the protocol's zod
 * schemas; every event is rate-limited; commands go through the room store
 * (one at a time per room) and what they did is broadcast to the room.
 */
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { UNWATCH_EVENT, WATCH_EVENT } from '../../protocol/admin.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.js';
import { CLIENT_EVENTS } from '../../protocol/events.js';
import {
  CLIENT_PAYLOADS,
  DEFAULT_SETTINGS,
  PROTOCOL_VERSION,
  type GuessPayload,
  type RoomCreatePayload,
  type RoomJoinPayload,
  type RoomSettingsPayload,
} from '../../protocol/schemas.js';
import type { AckError, ErrorCode, GameEnded, Place, Settings } from '../../protocol/types.js';
import { saveGame } from '../games/game-archive.js';
import { largestUnnamed } from '../games/missed-places.js';
import type { Logger } from '../log.js';
import type { ImpossibleErrors } from '../admin/impossible.js';
import { createMetrics, type GameMetrics } from '../metrics.js';
import type { Places } from '../places/create-places.js';
import { GuessError } from '../places/resolve-guess.js';
import type { Command, Connection } from '../rooms/room.js';
import { randomId } from '../rooms/room-codes.js';
import { StoreUnavailableError, type Executed, type RoomStore } from '../rooms/room-store.js';
import { clientAddress } from './client-address.js';
import {
  createRateLimits,
  DEFAULT_RATE_LIMITS,
  type RateLimitConfig,
  type SharedLimits,
} from './rate-limits.js';

export interface SocketData {
  code?: string;
  playerId?: string;
  token?: string;
  /** An operator's socket watching a room (server/admin/spectators.ts); never seated. */
  watching?: string;
}

export type GameIo = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

export interface GameServerDeps {
  store: RoomStore;
  places: Places;
  db: Database;
  log: Logger;
  /** Where the node counts guesses, finds and errors; a private registry when absent. */
  metrics?: GameMetrics;
  /** Where states our own code rules out are reported (impossible.log); the main log when absent. */
  impossible?: Pick<ImpossibleErrors, 'report'>;
  /** This node's name among the nodes sharing the rooms; seats record it. */
  nodeId?: string;
  /** Server time in ms; tests pass a clock they move. */
  clock?: () => number;
  rateLimits?: RateLimitConfig;
  /** Keeps the per-IP limits in Redis, shared by every node. */
  sharedLimits?: SharedLimits;
  /** How many proxies in front set X-Forwarded-For (TRUST_PROXY); 0: none, use the peer address. */
  trustProxy?: number;
  /** How often rooms are checked for their end and for expired seats. */
  tickMs?: number;
}

export interface GameServer {
  /** Events received that are not part of the protocol (ignored). */
  readonly counters: { unknownEvents: number; rejected: Record<string, number> };
  /** Resolves once every game that has ended so far is saved and announced. */
  settled(): Promise<void>;
  /** Marks the seats held through a dead node as disconnected, in every room. */
  disconnectNode(node: string): Promise<void>;
  /** Takes back the seats of this node's sockets, after other nodes took it for dead. */
  reseatSockets(): Promise<void>;
  stop(): void;
}

/**
 * The waits before each new try at saving a finished game, after a failed
 * one: a database that is restarting or failing over has about 5 s to come
 * back, while the players read "Saving the results…".
 */
export const SAVE_RETRY_DELAYS_MS = [250, 1000, 4000];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Handled by server/admin/spectators.ts, not unknown. */
const OPERATOR_EVENTS = new Set([WATCH_EVENT, UNWATCH_EVENT]);

type AckValue = { ok: true; [key: string]: unknown } | AckError;
const error = (code: ErrorCode, message: string): AckError => ({
  ok: false,
  error: { code, message },
});

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'invalid payload';
  const path = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `${path}${first.message}`.slice(0, 200);
}

export function attachGameServer(io: GameIo, deps: GameServerDeps): GameServer {
  const { store, places, db, log } = deps;
  const clock = deps.clock ?? Date.now;
  const nodeId = deps.nodeId ?? 'local';
  const connectionOf = (socket: GameSocket): Connection => ({ node: nodeId, socket: socket.id });
  const limits = createRateLimits(deps.rateLimits ?? DEFAULT_RATE_LIMITS, deps.sharedLimits);
  const counters = { unknownEvents: 0, rejected: {} as Record<string, number> };
  const pendingEnds = new Set<Promise<void>>();
  const warmedScopes = new Set<string>();

  const metrics = deps.metrics ?? createMetrics();
  const impossible = deps.impossible ?? {
    report: (what: string, details: object) => log.error(details, `impossible: ${what}`),
  };
  const reject = (code: ErrorCode, message: string): AckError => {
    counters.rejected[code] = (counters.rejected[code] ?? 0) + 1;
    metrics.rejected(code);
    return error(code, message);
  };

  function publish(code: string) {
    return (executed: Executed) => {
      for (const event of executed.outcome.events) {
        if (event.type === 'found') {
          io.to(code).emit('place:found', event.find);
          metrics.found();
        } else if (event.type === 'state' && executed.state)
          io.to(code).emit('room:state', executed.state);
      }
      if (executed.ended) {
        metrics.gameFinished();
        const done = announceEnd(code, executed.ended).finally(() => pendingEnds.delete(done));
        pendingEnds.add(done);
      }
    };
  }

  /**
   * Saves a finished game and tells the room; once per game, as the room
   * ends once. The room hears either way: `saved: false` when every try
   * failed, so that nobody is handed a link to a result that is not there.
   */
  async function announceEnd(code: string, ended: NonNullable<Executed['ended']>): Promise<void> {
    const { gameId } = ended.results;
    const scope = places.gazetteer.scope(ended.results.settings.scope);
    let missed: Place[] = [];
    try {
      if (scope)
        missed = await largestUnnamed(db, places.gazetteer.countriesIn(scope), ended.named);
    } catch (err) {
      log.warn({ err, code, gameId }, 'could not list the places nobody named');
    }
    const message: GameEnded = { results: ended.results, missed };
    const saved = await saveWithRetries(code, message);
    io.to(code).emit('game:ended', { ...message, saved });
  }

  /** Saves a game, trying again after each wait of SAVE_RETRY_DELAYS_MS; whether it was saved. */
  async function saveWithRetries(code: string, message: GameEnded): Promise<boolean> {
    const { gameId } = message.results;
    for (let attempt = 1; ; attempt++) {
      try {
        await saveGame(db, message);
        return true;
      } catch (err) {
        const wait = SAVE_RETRY_DELAYS_MS[attempt - 1];
        if (wait === undefined) {
          // Never expected: players' text is cleaned at the edge, and an outage had its retries.
          impossible.report('a finished game could not be saved', {
            err,
            code,
            gameId,
            attempts: attempt,
          });
          return false;
        }
        log.warn({ err, code, gameId, attempt }, 'could not save a game; trying again');
        await sleep(wait);
      }
    }
  }

  /** The preloads, queued one after another. */
  let preloads: Promise<unknown> = Promise.resolve();

  /**
   * Loads a country's names into the in-process tier, once, so its guesses
   * never wait on the database. Not continents or the world: their names
   * would take hundreds of MB, and the pauses of collecting so big a heap
   * showed in every room's latency (soak test); there, as on PGlite (whose
   * queries run on this thread, so a preload would stall every room), a name
   * is cached the first time it is guessed.
   */
  function warmScope(scopeId: string) {
    if (db.kind === 'pglite') return;
    const scope = places.gazetteer.scope(scopeId);
    if (!scope || scope.kind !== 'country' || warmedScopes.has(scopeId)) return;
    warmedScopes.add(scopeId);
    // One scope at a time: several at once (games starting in many countries)
    // kept the event loop busy for seconds, and every room's guesses waited.
    preloads = preloads
      .then(() => places.index.preload(places.gazetteer.countriesIn(scope)))
      .catch((err: unknown) => {
        warmedScopes.delete(scopeId);
        log.warn({ err, scope: scopeId }, 'could not preload a scope');
      });
  }

  async function run(code: string, command: Command) {
    return store.execute(code, command, clock(), publish(code));
  }

  function scopeTotals(scopeId: string) {
    const scope = places.gazetteer.scope(scopeId);
    return scope ? { places: scope.places, population: scope.population } : undefined;
  }

  async function leaveCurrentRoom(socket: GameSocket) {
    const { code, playerId } = socket.data;
    if (!code || !playerId) return;
    await socket.leave(code);
    socket.data = {};
    await run(code, { type: 'leave', playerId });
  }

  /**
   * Seats the socket in a room after a successful create, join or rejoin. A
   * socket that held the seat until now (the room says which) stops
   * receiving the room's events: here, where it also forgets the seat, or
   * through the adapter when it sits on another node, where the rules
   * ignore its late disconnect.
   */
  async function seat(
    socket: GameSocket,
    code: string,
    playerId: string,
    token: string,
    before: Connection | null | undefined,
  ) {
    if (before && before.node !== nodeId) io.in(before.socket).socketsLeave(code);
    const old = before && before.socket !== socket.id && io.sockets.sockets.get(before.socket);
    if (old) {
      old.data = {};
      await old.leave(code);
    }
    if (socket.data.watching) await socket.leave(socket.data.watching);
    socket.data = { code, playerId, token };
    await socket.join(code);
  }

  async function joined(socket: GameSocket, code: string, executed: Executed | undefined) {
    if (!executed) return reject('not_found', 'no room with that code');
    const reply = executed.outcome.reply;
    if (!reply.ok) return reject(reply.code, reply.message);
    const { playerId, token } = reply;
    if (!playerId || !token) {
      // The rules fill both whenever they grant a seat.
      impossible.report('a seat was granted without a player id or token', { code });
      return reject('internal', 'something went wrong on the server');
    }
    await seat(socket, code, playerId, token, reply.previous);
    const room = executed.state ?? (await store.state(code));
    return { ok: true as const, room, you: { playerId, sessionToken: token } };
  }

  /** Takes a new seat in the room for the socket. */
  async function joinAsNewPlayer(socket: GameSocket, code: string, nickname: string) {
    const executed = await run(code, {
      type: 'join',
      nickname,
      playerId: randomId(9),
      token: randomId(24),
      connection: connectionOf(socket),
    });
    if (executed?.outcome.reply.ok) metrics.playerJoined();
    return joined(socket, code, executed);
  }

  const handlers: Record<
    (typeof CLIENT_EVENTS)[number],
    {
      limit: 'guess' | 'command' | 'create' | 'join';
      handle: (socket: GameSocket, payload: never) => Promise<AckValue>;
    }
  > = {
    'room:create': {
      limit: 'create',
      async handle(socket, payload: z.infer<typeof RoomCreatePayload>) {
        const settings: Settings = { ...DEFAULT_SETTINGS, ...payload.settings };
        const totals = scopeTotals(settings.scope);
        if (!totals) return reject('bad_request', `unknown scope: ${settings.scope.slice(0, 40)}`);
        await leaveCurrentRoom(socket);
        const code = await store.create(settings, totals, clock());
        return joinAsNewPlayer(socket, code, payload.nickname);
      },
    },
    'room:join': {
      limit: 'join',
      async handle(socket, payload: z.infer<typeof RoomJoinPayload>) {
        if (socket.data.code === payload.code && socket.data.playerId) {
          const room = await store.state(payload.code);
          if (room) {
            return {
              ok: true,
              room,
              you: { playerId: socket.data.playerId, sessionToken: socket.data.token },
            };
          }
        }
        await leaveCurrentRoom(socket);
        if (payload.sessionToken) {
          const rejoined = await run(payload.code, {
            type: 'rejoin',
            token: payload.sessionToken,
            connection: connectionOf(socket),
          });
          if (!rejoined) return reject('not_found', 'no room with that code');
          if (rejoined.outcome.reply.ok) return joined(socket, payload.code, rejoined);
          // A token from another room or an expired seat: join as a new player.
        }
        return joinAsNewPlayer(socket, payload.code, payload.nickname);
      },
    },
    'room:leave': {
      limit: 'command',
      async handle(socket) {
        if (!socket.data.code) return reject('not_found', 'you are not in a room');
        await leaveCurrentRoom(socket);
        return { ok: true };
      },
    },
    'room:state': {
      limit: 'command',
      async handle(socket) {
        const room = socket.data.code ? await store.state(socket.data.code) : undefined;
        if (!room) return reject('not_found', 'you are not in a room');
        return { ok: true, room };
      },
    },
    'room:settings': {
      limit: 'command',
      async handle(socket, payload: z.infer<typeof RoomSettingsPayload>) {
        const { code, playerId } = socket.data;
        if (!code || !playerId) return notSeated();
        let totals;
        if (payload.settings.scope !== undefined) {
          totals = scopeTotals(payload.settings.scope);
          if (!totals)
            return reject('bad_request', `unknown scope: ${payload.settings.scope.slice(0, 40)}`);
        }
        return reply(
          await run(code, { type: 'settings', playerId, settings: payload.settings, totals }),
        );
      },
    },
    'game:start': {
      limit: 'command',
      async handle(socket) {
        const { code, playerId } = socket.data;
        if (!code || !playerId) return notSeated();
        const executed = await run(code, { type: 'start', playerId, gameId: randomId(9) });
        if (executed?.outcome.reply.ok && executed.state) {
          metrics.gameStarted();
          warmScope(executed.state.settings.scope);
        }
        return reply(executed);
      },
    },
    'game:end': hostCommand('end'),
    'room:rematch': hostCommand('rematch'),
    guess: {
      limit: 'guess',
      async handle(socket, payload: z.infer<typeof GuessPayload>) {
        const { code, playerId } = socket.data;
        if (!code || !playerId) return notSeated();
        const settings = await store.settings(code);
        if (!settings) return reject('not_found', 'the room is gone');
        const ack = await guessIn(code, playerId, settings.scope, payload.text);
        if (ack.ok || ack.error.code !== 'wrong_phase') return ack;
        // This node may not have seen another node change the room's quiz: look again, once.
        const current = await store.settings(code);
        if (!current || current.scope === settings.scope) return ack;
        return guessIn(code, playerId, current.scope, payload.text);
      },
    },
  };

  /** Looks a guess up in `scope` and claims it in the room, which refuses it if `scope` is stale. */
  async function guessIn(code: string, playerId: string, scope: string, text: string) {
    let candidates;
    try {
      candidates = await places.resolver.resolveGuess(scope, text);
    } catch (err) {
      if (err instanceof GuessError) return reject('bad_request', err.message);
      log.warn({ err }, 'guess resolution failed');
      return reject('unavailable', 'the gazetteer is not reachable; try again');
    }
    return reply(await run(code, { type: 'guess', playerId, candidates, scope }));
  }

  function notSeated(): AckError {
    return reject('not_found', 'you are not in a room');
  }

  /** A host command with no payload beyond the player: end a game, start a rematch. */
  function hostCommand(type: 'end' | 'rematch') {
    return {
      limit: 'command' as const,
      async handle(socket: GameSocket): Promise<AckValue> {
        const { code, playerId } = socket.data;
        if (!code || !playerId) return notSeated();
        return reply(await run(code, { type, playerId }));
      },
    };
  }

  function reply(executed: Executed | undefined): AckValue {
    if (!executed) return reject('not_found', 'the room is gone');
    const r = executed.outcome.reply;
    if (!r.ok) return reject(r.code, r.message);
    return r.result ? { ok: true, result: r.result } : { ok: true };
  }

  async function consume(socket: GameSocket, limit: 'guess' | 'command' | 'create' | 'join') {
    const ip = clientAddress(socket.handshake, deps.trustProxy ?? 0);
    switch (limit) {
      case 'guess':
        return limits.guess(socket.id);
      case 'command':
        return limits.command(socket.id);
      case 'create':
        return (await limits.command(socket.id)) && limits.create(ip);
      case 'join':
        return (await limits.command(socket.id)) && limits.join(ip);
    }
  }

  io.use((socket, next) => {
    const version = (socket.handshake.auth as { protocolVersion?: unknown } | undefined)
      ?.protocolVersion;
    if (version === PROTOCOL_VERSION) return next();
    const message = `this server speaks protocol version ${PROTOCOL_VERSION}; reload the page or update the client`;
    next(Object.assign(new Error(message), { data: { code: 'bad_request', message } }));
  });

  io.on('connection', (socket: GameSocket) => {
    socket.emit('hello', { protocolVersion: PROTOCOL_VERSION });
    if (socket.recovered && socket.data.code && socket.data.token) {
      // The connection came back within socket.io's recovery window: take the seat back.
      const { code, token } = socket.data;
      void run(code, { type: 'rejoin', token, connection: connectionOf(socket) }).catch(
        (err: unknown) => log.warn({ err, code }, 'could not take a recovered seat back'),
      );
    }

    socket.onAny((event: string) => {
      if ((CLIENT_EVENTS as readonly string[]).includes(event) || OPERATOR_EVENTS.has(event))
        return;
      counters.unknownEvents++;
      metrics.unknownEvent();
    });

    for (const event of CLIENT_EVENTS) {
      const { limit, handle } = handlers[event];
      const schema = CLIENT_PAYLOADS[event];
      socket.on(event, async (...args: unknown[]) => {
        const received = performance.now();
        // The ack, when the client sent one, is the last argument; the payload the first.
        const ack =
          typeof args[args.length - 1] === 'function'
            ? (args.pop() as (value: AckValue) => void)
            : () => {};
        const payload = args[0];
        let value: AckValue;
        try {
          if (!(await consume(socket, limit))) {
            value = reject('rate_limited', 'too many requests; slow down');
          } else {
            const parsed = schema.safeParse(payload);
            value = parsed.success
              ? await handle(socket, parsed.data as never)
              : reject('bad_request', describeIssues(parsed.error.issues));
          }
        } catch (err) {
          if (err instanceof StoreUnavailableError) {
            log.debug({ err, event }, 'room store unavailable');
            value = reject('unavailable', 'the game is briefly unavailable; try again');
          } else {
            // Handlers answer every failure they expect with a code; anything else is our bug.
            impossible.report('an event handler threw', { err, event, socket: socket.id });
            value = reject('internal', 'something went wrong on the server');
          }
        }
        ack(value);
        if (event === 'guess') {
          const result = value.ok ? (value.result as { kind?: string } | undefined)?.kind : 'error';
          if (result === undefined)
            impossible.report('a guess was answered ok without a result', {});
          const seconds = (performance.now() - received) / 1000;
          metrics.guessAnswered(result ?? 'error', seconds, socket.data.code);
        }
      });
    }

    socket.on('disconnect', () => {
      const { code, playerId } = socket.data;
      // A socket whose seat was taken over here has forgotten it; one taken over elsewhere is ignored by the rules.
      if (!code || !playerId) return;
      void run(code, { type: 'disconnect', playerId, connection: connectionOf(socket) }).catch(
        (err: unknown) => log.warn({ err, code }, 'could not record a disconnect'),
      );
    });
  });

  let ticking = false;
  const ticker = setInterval(() => {
    // One pass at a time: a slow store (Redis catching up) must not pile passes up.
    if (ticking) return;
    ticking = true;
    void (async () => {
      const now = clock();
      for (const code of await store.due(now)) {
        if (await store.removeIfAbandoned(code, now)) continue;
        await store.execute(code, { type: 'tick' }, now, publish(code));
      }
    })()
      .catch((err: unknown) => {
        if (err instanceof StoreUnavailableError) log.debug({ err }, 'room tick skipped');
        // Only an unreachable store can stop a tick: the rules' tick never fails.
        else impossible.report('a room tick failed', { err });
      })
      .finally(() => (ticking = false));
  }, deps.tickMs ?? 200);
  ticker.unref();

  return {
    counters,
    async settled() {
      while (pendingEnds.size > 0) await Promise.all([...pendingEnds]);
    },
    async reseatSockets() {
      for (const socket of io.sockets.sockets.values()) {
        const { code, token } = socket.data;
        if (code && token)
          await run(code, { type: 'rejoin', token, connection: connectionOf(socket) });
      }
    },
    async disconnectNode(node) {
      for (const code of await store.codes()) {
        await store.execute(code, { type: 'lost', node }, clock(), publish(code));
      }
    },
    stop() {
      clearInterval(ticker);
    },
  };
}
