/**
 * The typed socket.io event maps of protocol v1, built from the inferred
 * types: `Server<ClientToServerEvents, ServerToClientEvents>` on the server,
 * `Socket<ServerToClientEvents, ClientToServerEvents>` in clients.
 */
import { CLIENT_PAYLOADS } from './schemas.js';
import type {
  AckError,
  EmptyPayload,
  GameEnded,
  Find,
  GuessAck,
  GuessPayload,
  Hello,
  JoinedAck,
  OkAck,
  RoomCreatePayload,
  RoomJoinPayload,
  RoomSettingsPayload,
  RoomState,
} from './types.js';

export type Ack<T> = (response: T | AckError) => void;

export interface ClientToServerEvents {
  'room:create': (payload: RoomCreatePayload, ack: Ack<JoinedAck>) => void;
  'room:join': (payload: RoomJoinPayload, ack: Ack<JoinedAck>) => void;
  'room:leave': (payload: EmptyPayload, ack: Ack<OkAck>) => void;
  'room:settings': (payload: RoomSettingsPayload, ack: Ack<OkAck>) => void;
  'room:state': (payload: EmptyPayload, ack: Ack<OkAck & { room: RoomState }>) => void;
  'game:start': (payload: EmptyPayload, ack: Ack<OkAck>) => void;
  'game:end': (payload: EmptyPayload, ack: Ack<OkAck>) => void;
  'room:rematch': (payload: EmptyPayload, ack: Ack<OkAck>) => void;
  guess: (payload: GuessPayload, ack: Ack<GuessAck>) => void;
}

export interface ServerToClientEvents {
  hello: (payload: Hello) => void;
  'room:state': (payload: RoomState) => void;
  'place:found': (payload: Find) => void;
  'game:ended': (payload: GameEnded) => void;
}

/** What the server answers an event with: its ack type (`{ ok: true, … }`) or an AckError. */
export type AckOf<E extends keyof ClientToServerEvents> = Parameters<
  Parameters<ClientToServerEvents[E]>[1]
>[0];

/** Events a client may send; anything else is ignored and counted. */
export const CLIENT_EVENTS = Object.keys(CLIENT_PAYLOADS) as (keyof typeof CLIENT_PAYLOADS &
  keyof ClientToServerEvents)[];
