/**
 * What each client event does, once its payload is valid and its rate
 * allowed (game-server.ts): the game service's call, and the seat that
 * follows. Each handler answers its event's own ack type from protocol/,
 * so a reply that drifts from the protocol fails `tsc`.
 */
import type { AckOf, CLIENT_EVENTS, ClientToServerEvents } from '../../protocol/events.js';
import type { AckError } from '../../protocol/types.js';
import { refusal, type GameService, type Seated } from '../game/game-service.js';
import { chatHandlers } from './chat-handlers.js';
import { createAudienceHandlers } from './audience-handlers.js';
import { quickPlayHandlers } from './quick-play-handlers.js';
import type { Limit } from './rate-limits.js';
import type { Seating } from './seating.js';
import type { GameSocket } from './socket-types.js';

export type ClientEvent = (typeof CLIENT_EVENTS)[number];
export type PayloadOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];

export interface Handler<E extends ClientEvent> {
  limit: Limit;
  handle(socket: GameSocket, payload: PayloadOf<E>): Promise<AckOf<E>>;
}

export type Handlers = { [E in ClientEvent]: Handler<E> };

const NOT_IN_A_ROOM = refusal('not_found', 'you are not in a room');
const SPECTATORS_DO_NOT_GUESS = refusal(
  'not_found',
  'a spectator has no seat: join the game to guess',
);

/** The seated player's room, id and token, or undefined for a socket without a seat. */
function seatOf(socket: GameSocket): { code: string; playerId: string; token: string } | undefined {
  const { code, playerId, token } = socket.data;
  return code && playerId && token ? { code, playerId, token } : undefined;
}

export function createHandlers(game: GameService, seating: Seating): Handlers {
  async function leaveCurrentRoom(socket: GameSocket): Promise<void> {
    const left = await seating.unseat(socket);
    if (left) await game.leave(left.code, left.playerId);
    const stopped = await seating.unspectate(socket);
    if (stopped) await game.audience.unspectate(stopped.code, stopped.spectatorId);
  }

  async function seatAndAck(
    socket: GameSocket,
    seated: Seated | AckError,
  ): Promise<AckOf<'room:join'>> {
    if (!seated.ok) return seated;
    await seating.seat(socket, seated);
    return { ok: true, room: seated.room, you: seated.you };
  }

  /** An event of a seated player with nothing in it but the player: start, end, rematch. */
  function seatedCommand(
    command: (code: string, playerId: string) => Promise<AckOf<'game:start'>>,
  ): Handler<'game:start'> {
    return {
      limit: 'command',
      async handle(socket) {
        const seat = seatOf(socket);
        return seat ? command(seat.code, seat.playerId) : NOT_IN_A_ROOM;
      },
    };
  }

  return {
    'room:create': {
      limit: 'create',
      async handle(socket, payload) {
        const quiz = game.newQuiz(payload.settings ?? {});
        if (!quiz.ok) return quiz;
        await leaveCurrentRoom(socket);
        const connection = seating.connectionOf(socket);
        const seated = await game.create(payload.nickname, quiz, connection, payload.browserId);
        return seatAndAck(socket, seated);
      },
    },
    'room:join': {
      limit: 'join',
      async handle(socket, payload) {
        const seat = seatOf(socket);
        if (seat?.code === payload.code) {
          // Already seated here (a second join from the same page): the room as it is.
          const room = await game.state(payload.code);
          if (room) {
            return { ok: true, room, you: { playerId: seat.playerId, sessionToken: seat.token } };
          }
        }
        await leaveCurrentRoom(socket);
        const connection = seating.connectionOf(socket);
        const seated = await game.join(
          payload.code,
          payload.nickname,
          connection,
          payload.sessionToken,
          payload.browserId,
        );
        return seatAndAck(socket, seated);
      },
    },
    'room:leave': {
      limit: 'command',
      async handle(socket) {
        if (!socket.data.code) return NOT_IN_A_ROOM;
        await leaveCurrentRoom(socket);
        return { ok: true };
      },
    },
    'room:state': {
      limit: 'command',
      async handle(socket) {
        const room = socket.data.code ? await game.state(socket.data.code) : undefined;
        return room ? { ok: true, room } : NOT_IN_A_ROOM;
      },
    },
    'room:settings': {
      limit: 'command',
      async handle(socket, payload) {
        const seat = seatOf(socket);
        if (!seat) return NOT_IN_A_ROOM;
        return game.changeSettings(seat.code, seat.playerId, payload.settings);
      },
    },
    ...quickPlayHandlers(game, seating, { leaveCurrentRoom, seatAndAck }),
    'game:start': seatedCommand((code, playerId) => game.start(code, playerId)),
    'game:end': seatedCommand((code, playerId) => game.end(code, playerId)),
    'room:rematch': seatedCommand((code, playerId) => game.rematch(code, playerId)),
    ...chatHandlers(game),
    guess: {
      limit: 'guess',
      async handle(socket, payload) {
        const seat = seatOf(socket);
        if (!seat && socket.data.spectatorId) return SPECTATORS_DO_NOT_GUESS;
        return seat ? game.guess(seat.code, seat.playerId, payload.text) : NOT_IN_A_ROOM;
      },
    },
    ...createAudienceHandlers(game, seating, leaveCurrentRoom),
  };
}
