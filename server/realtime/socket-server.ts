import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { GameIo } from './socket-types.js';

/** How long a dropped connection may resume with its seat and missed events. */
export const RECOVERY_WINDOW_MS = 30_000;

/** Larger payloads are refused by socket.io before any handler runs. */
export const MAX_PAYLOAD_BYTES = 32 * 1024;

/**
 * The socket.io server of a node, with the options protocol v1 relies on.
 * `allowRequest` judges every handshake, websocket or polling, before any
 * namespace (the origin rule: server/origin-checks.ts).
 */
export function createSocketServer(
  httpServer: HttpServer,
  adapter?: ServerOptions['adapter'],
  allowRequest?: ServerOptions['allowRequest'],
): GameIo {
  return new Server(httpServer, {
    // Several nodes: broadcasts (and recovery sessions) go through Redis.
    ...(adapter ? { adapter } : {}),
    ...(allowRequest ? { allowRequest } : {}),
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    // A short drop (a tunnel, a train) resumes with the same socket, rooms and
    // data, and the events missed meanwhile are replayed. Short, because
    // socket.io keeps every broadcast of the node for the whole window (and
    // up to a minute more): at two minutes that was 100+ MB of finds and
    // results under load, most of the soak's growth and its GC pauses
    // (issue 16). A longer drop rejoins by token and gets the room whole.
    connectionStateRecovery: {
      maxDisconnectionDuration: RECOVERY_WINDOW_MS,
      skipMiddlewares: true,
    },
    serveClient: false,
    // Frames are small (a find is ~150 bytes): compressing them costs CPU and buys nothing.
    perMessageDeflate: false,
  });
}
