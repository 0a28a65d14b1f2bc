/**
 * The events of the features `spectate`, `late-join` and `reactions`
 * (server/game/audience.ts): watching a room, looking at one before joining
 * or watching it, and sending a reaction to everyone in it.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { REACTION_BURST, REACTION_WINDOW_MS } from '../../protocol/reactions.js';
import { refusal, type GameService } from '../game/game-service.js';
import type { Handler } from './event-handlers.js';
import type { Seating } from './seating.js';
import type { GameSocket } from './socket-types.js';

export interface AudienceHandlers {
  'room:spectate': Handler<'room:spectate'>;
  'room:peek': Handler<'room:peek'>;
  'room:react': Handler<'room:react'>;
}

export function createAudienceHandlers(
  game: GameService,
  seating: Seating,
  /** Leaves the seat or spectator's place the socket holds (event-handlers.ts). */
  leaveCurrentRoom: (socket: GameSocket) => Promise<void>,
): AudienceHandlers {
  // Per sender (a player or spectator in a room), on the node its socket is on.
  const reactions = new RateLimiterMemory({
    points: REACTION_BURST,
    duration: REACTION_WINDOW_MS / 1000,
  });

  return {
    'room:spectate': {
      limit: 'join',
      async handle(socket, payload) {
        const { code, spectatorId, token } = socket.data;
        if (code === payload.code && spectatorId && token) {
          // Already watching here (a second spectate from the same page): the room as it is.
          const room = await game.state(code);
          if (room) return { ok: true, room, you: { spectatorId, sessionToken: token } };
        }
        await leaveCurrentRoom(socket);
        const watching = await game.audience.spectate(
          payload.code,
          payload.nickname,
          seating.connectionOf(socket),
          payload.sessionToken,
          payload.browserId,
        );
        if (!watching.ok) return watching;
        await seating.spectate(socket, watching);
        return { ok: true, room: watching.room, you: watching.you };
      },
    },
    'room:peek': {
      limit: 'join',
      handle: (_socket, payload) => game.audience.peek(payload.code),
    },
    'room:react': {
      limit: 'command',
      async handle(socket, payload) {
        const { code } = socket.data;
        const from = socket.data.playerId ?? socket.data.spectatorId;
        if (!code || !from) return refusal('not_found', 'you are not in a room');
        const allowed = await reactions.consume(`${code}:${from}`).then(
          () => true,
          () => false,
        );
        if (!allowed) return refusal('rate_limited', 'too many reactions; wait a moment');
        return game.audience.react(code, from, payload.emoji);
      },
    },
  };
}
