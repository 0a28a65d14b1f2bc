/**
 * `room:watch` and `room:unwatch`: the operator's way into a room as an
 * unseen spectator, on the players' namespace. They are not in protocol v1's
 * typed event maps (players never send them), so this is the one place that
 * sends them untyped and gives their acks a type.
 */
import type { Socket } from 'socket.io-client';
import { UNWATCH_EVENT, WATCH_EVENT } from '../../../protocol/admin.js';
import type { AckError, RoomState } from '../../../protocol/types.js';
import type { GameSocket } from '../net/connection.js';

export type WatchAck = { ok: true; room: RoomState } | AckError;

const ACK_TIMEOUT_MS = 10_000;

const untyped = (socket: GameSocket) => socket as unknown as Socket;

/** Starts watching `code`; the ack carries the whole room, and its events follow. */
export async function watchRoom(socket: GameSocket, code: string): Promise<WatchAck> {
  try {
    return (await untyped(socket).timeout(ACK_TIMEOUT_MS).emitWithAck(WATCH_EVENT, {
      code,
    })) as WatchAck;
  } catch {
    return {
      ok: false,
      error: { code: 'unavailable', message: 'No answer from the server; check the connection.' },
    };
  }
}

/** Stops the room's events coming to this socket. */
export function unwatchRoom(socket: GameSocket): void {
  // With an ack, as every event of the players' namespace; nothing waits for it.
  untyped(socket).emit(UNWATCH_EVENT, {}, () => {});
}
