/**
 * The typed socket.io event maps of protocol v1, built from the inferred
 * types: `Server<ClientToServerEvents, ServerToClientEvents>` on the server,
 * `Socket<ServerToClientEvents, ClientToServerEvents>` in clients.
 */
import { CLIENT_PAYLOADS } from './schemas.js';
import type {
  AckError,
  ChatHistoryAck,
  ChatMessage,
  ChatSendPayload,
  ChatSentAck,
  PlayerTargetPayload,
  RoomMutePayload,
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
  RoomQuickPlayPayload,
  RoomSettingsPayload,
  RoomState,
  PeekAck,
  ReactionEvent,
  RoomPeekPayload,
  RoomReactPayload,
  RoomSpectatePayload,
  SpectatingAck,
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
  'room:quickplay': (payload: RoomQuickPlayPayload, ack: Ack<JoinedAck>) => void;
  'game:hold': (payload: EmptyPayload, ack: Ack<OkAck>) => void;
  guess: (payload: GuessPayload, ack: Ack<GuessAck>) => void;
  'chat:send': (payload: ChatSendPayload, ack: Ack<ChatSentAck>) => void;
  'chat:history': (payload: EmptyPayload, ack: Ack<ChatHistoryAck>) => void;
  'room:kick': (payload: PlayerTargetPayload, ack: Ack<OkAck>) => void;
  'room:mute': (payload: RoomMutePayload, ack: Ack<OkAck>) => void;
  'room:host': (payload: PlayerTargetPayload, ack: Ack<OkAck>) => void;
  'room:spectate': (payload: RoomSpectatePayload, ack: Ack<SpectatingAck>) => void;
  'room:peek': (payload: RoomPeekPayload, ack: Ack<PeekAck>) => void;
  'room:react': (payload: RoomReactPayload, ack: Ack<OkAck>) => void;
}

export interface ServerToClientEvents {
  hello: (payload: Hello) => void;
  'room:state': (payload: RoomState) => void;
  'place:found': (payload: Find) => void;
  'game:ended': (payload: GameEnded) => void;
  /** Feature `chat`: only to sockets that named it in their handshake. */
  'chat:message': (payload: ChatMessage) => void;
  'room:reaction': (payload: ReactionEvent) => void;
}

/** What the server answers an event with: its ack type (`{ ok: true, … }`) or an AckError. */
export type AckOf<E extends keyof ClientToServerEvents> = Parameters<
  Parameters<ClientToServerEvents[E]>[1]
>[0];

/** Events a client may send; anything else is ignored and counted. */
export const CLIENT_EVENTS = Object.keys(CLIENT_PAYLOADS) as (keyof typeof CLIENT_PAYLOADS &
  keyof ClientToServerEvents)[];
