/**
 * The events of quick play (feature `quick-play`): "Play now" seats the
 * player in a public lobby of the quiz (server/game/quick-play.ts), and the
 * host holds the lobby's countdown (server/rooms/auto-start.ts). Validated
 * and rate-limited before (game-server.ts) like every event; a quick play
 * counts as a create.
 */
import type { AckOf } from '../../protocol/events.js';
import type { AckError } from '../../protocol/types.js';
import { refusal, type GameService, type Seated } from '../game/game-service.js';
import { quickPlaySettings } from '../game/quick-play.js';
import type { Handlers } from './event-handlers.js';
import type { Seating } from './seating.js';
import type { GameSocket } from './socket-types.js';

const NOT_IN_A_ROOM = refusal('not_found', 'you are not in a room');

/** What the room:create handler does around a seat: leave the room before, seat the socket after. */
export interface SeatSteps {
  leaveCurrentRoom(socket: GameSocket): Promise<void>;
  seatAndAck(socket: GameSocket, seated: Seated | AckError): Promise<AckOf<'room:join'>>;
}

export function quickPlayHandlers(
  game: GameService,
  seating: Seating,
  steps: SeatSteps,
): Pick<Handlers, 'room:quickplay' | 'game:hold'> {
  return {
    'room:quickplay': {
      limit: 'create',
      async handle(socket, payload) {
        const quiz = game.newQuiz(quickPlaySettings(payload.scope));
        if (!quiz.ok) return quiz;
        await steps.leaveCurrentRoom(socket);
        const connection = seating.connectionOf(socket);
        const seated = await game.quickPlay(payload.nickname, quiz, connection, payload.browserId);
        return steps.seatAndAck(socket, seated);
      },
    },
    'game:hold': {
      limit: 'command',
      async handle(socket) {
        const { code, playerId } = socket.data;
        return code && playerId ? game.holdStart(code, playerId) : NOT_IN_A_ROOM;
      },
    },
  };
}
