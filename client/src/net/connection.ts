import { io, type Socket } from 'socket.io-client';
import type {
  AckOf,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../../protocol/events.js';
import type { AckError } from '../../../protocol/types.js';
import { CHAT_FEATURE, HOST_TOOLS_FEATURE } from '../../../protocol/chat.js';
import { PROTOCOL_VERSION } from '../../../protocol/version.js';

export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The minor features of protocol v1 this client speaks, named in its handshake. */
const SPOKEN_FEATURES = [CHAT_FEATURE, HOST_TOOLS_FEATURE];

/** Connects to the game server that served the page. */
export function connect(): GameSocket {
  return io({
    auth: { protocolVersion: PROTOCOL_VERSION, features: SPOKEN_FEATURES },
    transports: ['websocket', 'polling'],
  });
}

/** Sends a command and resolves with its ack; a lost connection becomes an `unavailable` error. */
export async function request<E extends keyof ClientToServerEvents>(
  socket: GameSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<AckOf<E>> {
  try {
    const emit = socket.timeout(10_000).emitWithAck as unknown as (
      event: E,
      payload: unknown,
    ) => Promise<AckOf<E>>;
    return await emit.call(socket.timeout(10_000), event, payload);
  } catch {
    const lost: AckError = {
      ok: false,
      error: { code: 'unavailable', message: 'No answer from the server; check your connection.' },
    };
    return lost as AckOf<E>;
  }
}
