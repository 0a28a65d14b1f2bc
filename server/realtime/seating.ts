/**
 * Which socket.io room a socket is in follows the seat it holds: a socket
 * granted a seat joins the room's channel, one that leaves it or loses it
 * to a newer connection stops hearing it.
 */
import type { Watching } from '../game/audience.js';
import type { Seated } from '../game/game-service.js';
import type { Connection } from '../rooms/room.js';
import { channelsOf, chatChannel } from './chat-channel.js';
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
    await this.takeOver(socket, code, previous);
    socket.data = { code, playerId: seated.you.playerId, token: seated.you.sessionToken };
    await socket.join(channelsOf(socket, code));
  }

  /**
   * Puts the socket in a room's channel as a spectator (feature `spectate`):
   * it hears the room's events, holds no seat. As with a seat, the socket
   * that watched under the same token until now stops hearing them.
   */
  async spectate(socket: GameSocket, watching: Watching): Promise<void> {
    const { code, previous } = watching;
    await this.takeOver(socket, code, previous);
    const { spectatorId, sessionToken } = watching.you;
    socket.data = { code, spectatorId, token: sessionToken };
    // Spectators hear the chat too, when they speak it (feature `chat`).
    await socket.join(channelsOf(socket, code));
  }

  /**
   * The socket takes the place of `previous` in room `code`: the connection
   * that held it stops hearing the room (here, forgetting its place, or
   * through the adapter on another node), and the socket stops watching an
   * operator's room if it did.
   */
  private async takeOver(
    socket: GameSocket,
    code: string,
    previous: Connection | null | undefined,
  ): Promise<void> {
    const channels = [code, chatChannel(code)];
    if (previous && previous.node !== this.nodeId) {
      this.io.in(previous.socket).socketsLeave(channels);
    }
    const old =
      previous && previous.socket !== socket.id && this.io.sockets.sockets.get(previous.socket);
    if (old) {
      old.data = {};
      for (const channel of channels) await old.leave(channel);
    }
    if (socket.data.watching) await socket.leave(socket.data.watching);
  }

  /** Stops the socket's watching, if it watches; the room and spectator it was. */
  async unspectate(socket: GameSocket): Promise<{ code: string; spectatorId: string } | undefined> {
    const { code, spectatorId } = socket.data;
    if (!code || !spectatorId) return undefined;
    await socket.leave(code);
    await socket.leave(chatChannel(code));
    socket.data = {};
    return { code, spectatorId };
  }

  /** Forgets the socket's seat and stops its room's events; the seat it had, if any. */
  async unseat(socket: GameSocket): Promise<{ code: string; playerId: string } | undefined> {
    const { code, playerId } = socket.data;
    if (!code || !playerId) return undefined;
    await socket.leave(code);
    await socket.leave(chatChannel(code));
    socket.data = {};
    return { code, playerId };
  }
}
