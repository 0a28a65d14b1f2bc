import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { GameIo } from './socket-types.js';

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
    // Several nodes: broadcasts go through Redis.
    ...(adapter ? { adapter } : {}),
    ...(allowRequest ? { allowRequest } : {}),
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    // No connection state recovery: a dropped connection rejoins by token
    // (room:join) and gets the room whole. Recovery would replay the events
    // missed instead, but socket.io keeps every broadcast of the node for
    // the whole window and up to a minute more: in a 1,000/s soak that made
    // the heap grow 194 → 361 MB (RSS +38 %, broadcast max 295 ms), against
    // 176 → 223 MB (RSS +5 %, max 106 ms) without it (issue 16).
    serveClient: false,
    // Frames are small (a find is ~150 bytes): compressing them costs CPU and buys nothing.
    perMessageDeflate: false,
  });
}
