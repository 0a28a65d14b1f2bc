/**
 * Which socket.io room a socket is in follows the seat it holds: a socket
 * granted a seat joins the room's channel, one that leaves it or loses it
 * to a newer connection stops hearing it.
 */
import type { Seated } from '../game/game-service.js';
import type { Connection } from '../rooms/room.js';
import type { GameIo, GameSocket } from './socket-types.js';

export class Seating {
  constructor(
    private readonly io: GameIo,
    private readonly nodeId: string,
  ) {}

  connectionOf(socket: GameSocket): Connection {
    return { node: this.nodeId, socket: socket.id };
  }

  /**
   * Seats the socket in a room after a create, join or rejoin. A socket that
   * held the seat until now (the room says which) stops receiving the room's
   * events: here, where it also forgets the seat, or through the adapter
   * when it sits on another node, where the rules ignore its late disconnect.
   */
  async seat(socket: GameSocket, seated: Seated): Promise<void> {
    const { code, previous } = seated;
    if (previous && previous.node !== this.nodeId) this.io.in(previous.socket).socketsLeave(code);
    const old =
      previous && previous.socket !== socket.id && this.io.sockets.sockets.get(previous.socket);
    if (old) {
      old.data = {};
      await old.leave(code);
    }
    if (socket.data.watching) await socket.leave(socket.data.watching);
    socket.data = { code, playerId: seated.you.playerId, token: seated.you.sessionToken };
    await socket.join(code);
  }

  /** Forgets the socket's seat and stops its room's events; the seat it had, if any. */
  async unseat(socket: GameSocket): Promise<{ code: string; playerId: string } | undefined> {
    const { code, playerId } = socket.data;
    if (!code || !playerId) return undefined;
    await socket.leave(code);
    socket.data = {};
    return { code, playerId };
  }
}
