/**
 * Operators watching a room: a socket on the players' namespace whose
 * handshake carries an operator's session may send `room:watch`; it joins
 * the room's broadcast group and so receives exactly what players receive
 * (`room:state`, `place:found`, `game:ended`), through any node. It takes no
 * seat: players do not see it, and it cannot guess (it has no player id).
 * Only from this site's own pages: a page of another origin on the same site
 * (which the session's SameSite cookie reaches) or a program is refused.
 */
import type { Socket } from 'socket.io';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { z } from 'zod';
import { UNWATCH_EVENT, WATCH_EVENT } from '../../protocol/admin.js';
import { RoomCode } from '../../protocol/schemas.js';
import type { AckError } from '../../protocol/types.js';
import type { OriginPolicy } from '../origins.js';
import type { GameIo } from '../realtime/socket-types.js';
import type { RoomStore } from '../rooms/room-store.js';
import type { AdminSessions } from './admin-sessions.js';
import { isOperator } from './operator-session.js';

const WatchPayload = z.object({ code: RoomCode }).strict();

const refusal = (code: AckError['error']['code'], message: string): AckError => ({
  ok: false,
  error: { code, message },
});

export interface SpectatorDeps {
  sessions: AdminSessions;
  store: RoomStore;
  origins: OriginPolicy;
  /** Enrols the socket with its session, so a logout ends it (operator-sockets.ts); false when it ended. */
  enrol?: (socket: Socket) => Promise<boolean>;
}

export function attachSpectators(io: GameIo, deps: SpectatorDeps): void {
  // Anyone may send the event; only an operator gets further than a cheap refusal.
  const limiter = new RateLimiterMemory({ points: 5, duration: 1 });

  /** An operator's session, from a page of this site, enrolled so that its logout ends the watch. */
  async function mayWatch(socket: Socket): Promise<boolean> {
    if (deps.origins.judge(socket.request) !== 'allowed') return false;
    if (!(await isOperator(deps.sessions, socket.handshake.headers.cookie))) return false;
    return deps.enrol ? deps.enrol(socket) : true;
  }

  io.on('connection', (gameSocket) => {
    // The two events are not in protocol v1's typed maps: players never send them.
    const socket = gameSocket as unknown as Socket;
    const stopWatching = async () => {
      const watching = gameSocket.data.watching;
      if (!watching) return;
      delete gameSocket.data.watching;
      await socket.leave(watching);
    };

    socket.on(WATCH_EVENT, async (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const answer = ack as (value: unknown) => void;
      if (
        !(await limiter.consume(socket.id).then(
          () => true,
          () => false,
        ))
      ) {
        return answer(refusal('rate_limited', 'too many requests; slow down'));
      }
      if (gameSocket.data.playerId || gameSocket.data.spectatorId) {
        return answer(refusal('bad_request', 'a player cannot watch another room'));
      }
      if (!(await mayWatch(socket))) {
        return answer(refusal('unauthorized', 'only a logged-in operator may watch a room'));
      }
      const parsed = WatchPayload.safeParse(payload);
      if (!parsed.success) return answer(refusal('bad_request', 'expected { code }'));
      const { code } = parsed.data;
      try {
        await stopWatching();
        // Join before reading the state: a find made in between arrives and is folded in by seq.
        await socket.join(code);
        const room = await deps.store.state(code);
        if (!room) {
          await socket.leave(code);
          return answer(refusal('not_found', 'no room with that code'));
        }
        gameSocket.data.watching = code;
        answer({ ok: true, room });
      } catch {
        await socket.leave(code);
        answer(refusal('unavailable', 'the game is briefly unavailable; try again'));
      }
    });

    socket.on(UNWATCH_EVENT, async (_payload: unknown, ack: unknown) => {
      await stopWatching();
      if (typeof ack === 'function') (ack as (value: unknown) => void)({ ok: true });
    });
  });
}
