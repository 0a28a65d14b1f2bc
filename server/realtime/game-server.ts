/**
 * Protocol v1 over socket.io, and nothing else: the version checked on
 * connect; every event rate-limited, its payload validated once with the
 * protocol's zod schemas, handed to the game service (server/game/) and
 * acknowledged; what the game does broadcast to its socket.io room. The
 * rules live in server/rooms/, the game in server/game/; this layer knows
 * neither the database nor the archive.
 */
import { FEATURES } from '../../protocol/features.js';
import type { z } from 'zod';
import { UNWATCH_EVENT, WATCH_EVENT } from '../../protocol/admin.js';
import { CLIENT_EVENTS, type AckOf } from '../../protocol/events.js';
import { CLIENT_PAYLOADS, PROTOCOL_VERSION } from '../../protocol/schemas.js';
import type { AckError } from '../../protocol/types.js';
import { refusal, type GameService } from '../game/game-service.js';
import type { RoomBroadcaster } from '../game/ports.js';
import type { Logger } from '../log.js';
import type { GameMetrics } from '../metrics.js';
import { StoreUnavailableError } from '../rooms/room-store.js';
import { deliverChat } from './chat-channel.js';
import { clientAddress } from './client-address.js';
import { createHandlers, type ClientEvent, type Handler } from './event-handlers.js';
import {
  createRateLimits,
  DEFAULT_RATE_LIMITS,
  type RateLimitConfig,
  type SharedLimits,
  type SocketLimits,
} from './rate-limits.js';
import { Seating } from './seating.js';
import type { GameIo, GameSocket } from './socket-types.js';

export type { GameIo, SocketData } from './socket-types.js';

export interface GameServerDeps {
  game: GameService;
  log: Logger;
  metrics: Pick<GameMetrics, 'rejected' | 'unknownEvent' | 'guessAnswered'>;
  impossible: { report(what: string, details: object): void };
  /** This node's name among the nodes sharing the rooms; seats record it. */
  nodeId: string;
  rateLimits?: RateLimitConfig;
  /** Keeps the per-IP limits in Redis, shared by every node. */
  sharedLimits?: SharedLimits;
  /** How many proxies in front set X-Forwarded-For (TRUST_PROXY); 0: none, use the peer address. */
  trustProxy?: number;
}

/** The socket layer of a node, as the node and the tests hold it. */
export interface GameServer {
  /** Events received that are not part of the protocol (ignored), and refusals by code. */
  readonly counters: { unknownEvents: number; rejected: Record<string, number> };
  /** Takes back the seats of this node's sockets, after other nodes took it for dead. */
  reseatSockets(): Promise<void>;
}

/** The ack of an event sent without one: the answer goes nowhere. */
function ignoreAnswer(): void {}

const PROTOCOL_EVENTS: ReadonlySet<string> = new Set(CLIENT_EVENTS);

/** Handled by server/admin/spectators.ts, not unknown. */
const OPERATOR_EVENTS = new Set([WATCH_EVENT, UNWATCH_EVENT]);

/**
 * The room's events, to every socket in its socket.io room, on every node.
 * With `fromStream`, the rooms' commits put their finds and states on the
 * Redis events stream, which every node delivers to its own sockets
 * (room-event-feed.ts): emitting them here too would send them twice, and
 * ahead of other nodes' earlier ones.
 */
export function socketBroadcaster(
  io: GameIo,
  options: { fromStream?: boolean } = {},
): RoomBroadcaster {
  const ended: RoomBroadcaster['ended'] = (code, message) =>
    io.to(code).emit('game:ended', message);
  const reacted: RoomBroadcaster['reacted'] = (code, reaction) =>
    io.to(code).emit('room:reaction', reaction);
  if (options.fromStream) {
    return { found: () => {}, state: () => {}, chat: () => {}, ended, reacted };
  }
  return {
    found: (code, find) => io.to(code).emit('place:found', find),
    state: (code, room) => io.to(code).emit('room:state', room),
    // One node, its rooms in memory: its own sockets are all the room's.
    chat: (code, message) => deliverChat(io, code, message),
    ended,
    reacted,
  };
}

/** Refuses a client of another protocol version at the handshake, saying why. */
function requireProtocolVersion(socket: GameSocket, next: (err?: Error) => void): void {
  const version = (socket.handshake.auth as { protocolVersion?: unknown } | undefined)
    ?.protocolVersion;
  if (version === PROTOCOL_VERSION) return next();
  const message = `this server speaks protocol version ${PROTOCOL_VERSION}; reload the page or update the client`;
  next(Object.assign(new Error(message), { data: { code: 'bad_request', message } }));
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'invalid payload';
  const path = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `${path}${first.message}`.slice(0, 200);
}

export function attachGameServer(io: GameIo, deps: GameServerDeps): GameServer {
  const { game, log, metrics, impossible } = deps;
  const seating = new Seating(io, deps.nodeId);
  const handlers = createHandlers(game, seating);
  const rateLimits = createRateLimits(deps.rateLimits ?? DEFAULT_RATE_LIMITS, deps.sharedLimits, {
    log,
  });
  const counters = { unknownEvents: 0, rejected: {} as Record<string, number> };

  /** Rate limit, validation and the handler: the event's ack, whatever happens. */
  async function answer<E extends ClientEvent>(
    socket: GameSocket,
    limits: SocketLimits,
    event: E,
    payload: unknown,
  ): Promise<AckOf<E> | AckError> {
    const handler = handlers[event] as Handler<E>;
    try {
      // Inline, not a named const: tsx keeps function names with a call per closure made.
      const verdict = limits.allows(handler.limit, () =>
        clientAddress(socket.handshake, deps.trustProxy ?? 0),
      );
      // A socket's own limits answer at once: a guess waits for no promise here.
      const allowed = typeof verdict === 'boolean' ? verdict : await verdict;
      if (!allowed) return refusal('rate_limited', 'too many requests; slow down');
      const parsed = CLIENT_PAYLOADS[event].safeParse(payload);
      if (!parsed.success) return refusal('bad_request', describeIssues(parsed.error.issues));
      return await handler.handle(socket, parsed.data as Parameters<Handler<E>['handle']>[1]);
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        log.debug({ err, event }, 'room store unavailable');
        return refusal('unavailable', 'the game is briefly unavailable; try again');
      }
      // Handlers answer every failure they expect with a code; anything else is our bug.
      impossible.report('an event handler threw', { err, event, socket: socket.id });
      return refusal('internal', 'something went wrong on the server');
    }
  }

  /** Answers one event of the protocol: its ack, the refusal counted, a guess's figures. */
  async function respond<E extends ClientEvent>(
    socket: GameSocket,
    limits: SocketLimits,
    event: E,
    args: unknown[],
  ): Promise<void> {
    const received = performance.now();
    // The ack, when the client sent one, is the last argument; the payload the first.
    const ack =
      typeof args[args.length - 1] === 'function'
        ? (args.pop() as (value: AckOf<E> | AckError) => void)
        : ignoreAnswer;
    const value = await answer(socket, limits, event, args[0]);
    ack(value);
    if (!value.ok) {
      counters.rejected[value.error.code] = (counters.rejected[value.error.code] ?? 0) + 1;
      metrics.rejected(value.error.code);
    }
    if (event === 'guess') {
      const result = value.ok ? (value as AckOf<'guess'> & { ok: true }).result.kind : 'error';
      const seconds = (performance.now() - received) / 1000;
      metrics.guessAnswered(result, seconds, socket.data.code);
    }
  }

  io.use(requireProtocolVersion);

  io.on('connection', (socket: GameSocket) => {
    socket.emit('hello', { protocolVersion: PROTOCOL_VERSION, features: [...FEATURES] });

    const limits = rateLimits.forSocket();
    // One listener for every event, not one per event: a socket costs ~20
    // closures and an events table less (some 4 KB a connected player).
    socket.onAny((event: string, ...args: unknown[]) => {
      if (PROTOCOL_EVENTS.has(event))
        return void respond(socket, limits, event as ClientEvent, args);
      if (OPERATOR_EVENTS.has(event)) return;
      counters.unknownEvents++;
      metrics.unknownEvent();
    });

    socket.on('disconnect', () => {
      const seat = socket.data;
      if (seat.code && seat.spectatorId) {
        const watched = seat.code;
        game.audience
          .disconnect(watched, seat.spectatorId, seating.connectionOf(socket))
          .catch((err: unknown) =>
            log.warn({ err, code: watched }, 'could not record a disconnect'),
          );
        return;
      }
      // A socket whose seat was taken over here has forgotten it; one taken over elsewhere is ignored by the rules.
      if (!seat.code || !seat.playerId) return;
      const room = seat.code;
      game
        .disconnect(room, seat.playerId, seating.connectionOf(socket))
        .catch((err: unknown) => log.warn({ err, code: room }, 'could not record a disconnect'));
    });
  });

  return {
    counters,
    async reseatSockets() {
      for (const socket of io.sockets.sockets.values()) {
        const { code, token, spectatorId } = socket.data;
        if (code && token && spectatorId) {
          await game.audience.respectate(code, token, seating.connectionOf(socket));
        } else if (code && token) await game.rejoin(code, token, seating.connectionOf(socket));
      }
    },
  };
}
