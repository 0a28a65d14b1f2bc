/** The typed socket.io server and socket of protocol v1, and what a socket remembers. */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.js';

export interface SocketData {
  code?: string;
  playerId?: string;
  token?: string;
  /** A spectator's id (feature `spectate`): `code` is the room watched, `token` takes it back. */
  spectatorId?: string;
  /** An operator's socket watching a room (server/admin/spectators.ts); never seated. */
  watching?: string;
}

export type GameIo = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
