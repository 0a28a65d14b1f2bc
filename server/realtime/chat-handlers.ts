/**
 * The events of the room's chat and the host's tools (features `chat` and
 * `host-tools`): each a call of the game service for the socket's seat,
 * validated and rate-limited before (game-server.ts) like every event. The
 * chat's own limit (a burst of 5, then one message every 2 s per player) is
 * the room's (server/rooms/chat.ts), so that it holds on every node.
 * Spectators chat too (by their spectator id); the host's tools are a seated host's.
 */
import { refusal, type GameService } from '../game/game-service.js';
import type { Handlers } from './event-handlers.js';
import type { GameSocket } from './socket-types.js';

type ChatEvent = 'chat:send' | 'chat:history' | 'room:kick' | 'room:mute' | 'room:host';

const NOT_IN_A_ROOM = refusal('not_found', 'you are not in a room');

/** The seated player's room and id, or undefined for a socket without a seat. */
function seatOf(socket: GameSocket): { code: string; playerId: string } | undefined {
  const { code, playerId } = socket.data;
  return code && playerId ? { code, playerId } : undefined;
}

/** Who may chat: the seated player, or a spectator (feature `spectate`), by their id. */
function speakerOf(socket: GameSocket): { code: string; playerId: string } | undefined {
  const { code, playerId, spectatorId } = socket.data;
  const id = playerId ?? spectatorId;
  return code && id ? { code, playerId: id } : undefined;
}

export function chatHandlers(game: GameService): Pick<Handlers, ChatEvent> {
  return {
    'chat:send': {
      limit: 'command',
      async handle(socket, payload) {
        const seat = speakerOf(socket);
        return seat ? game.chat.say(seat.code, seat.playerId, payload.text) : NOT_IN_A_ROOM;
      },
    },
    'chat:history': {
      limit: 'command',
      async handle(socket) {
        const seat = speakerOf(socket);
        return seat ? game.chat.history(seat.code) : NOT_IN_A_ROOM;
      },
    },
    'room:kick': {
      limit: 'command',
      async handle(socket, payload) {
        const seat = seatOf(socket);
        return seat ? game.kick(seat.code, seat.playerId, payload.playerId) : NOT_IN_A_ROOM;
      },
    },
    'room:mute': {
      limit: 'command',
      async handle(socket, payload) {
        const seat = seatOf(socket);
        if (!seat) return NOT_IN_A_ROOM;
        return game.mute(seat.code, seat.playerId, payload.playerId, payload.muted);
      },
    },
    'room:host': {
      limit: 'command',
      async handle(socket, payload) {
        const seat = seatOf(socket);
        return seat ? game.makeHost(seat.code, seat.playerId, payload.playerId) : NOT_IN_A_ROOM;
      },
    },
  };
}
