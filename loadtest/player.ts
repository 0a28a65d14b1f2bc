/**
 * One player of the swarm: a socket.io-client socket speaking protocol v1,
 * typed by protocol/events.ts, and the seat it holds. It keeps its seat
 * across a dropped connection the way the browser client does: `room:join`
 * with its session token on the new connection.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/events.js';
import { PROTOCOL_VERSION } from '../protocol/schemas.js';
import type { Find, JoinedAck } from '../protocol/types.js';
import type { Transport } from './options.js';

export type PlayerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Setup commands (create, join, start) get this long for their ack. */
const COMMAND_TIMEOUT_MS = 20_000;
const CONNECT_TIMEOUT_MS = 30_000;

export interface Room {
  index: number;
  scope: string;
  /** The guess texts this room's players draw from. */
  pool: readonly string[];
  players: Player[];
  code?: string;
  /** Guesses sent and not yet answered. */
  inFlight: number;
  /** Between two games (--game-seconds): its players hold their guesses. */
  betweenGames: boolean;
}

export interface PlayerEvents {
  found(player: Player, find: Find, at: number): void;
  disconnected(player: Player, reason: string): void;
  reconnected(player: Player): void;
}

export class SetupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TRANSPORTS: Record<Transport, ('websocket' | 'polling')[]> = {
  websocket: ['websocket'],
  polling: ['polling'],
  upgrade: ['polling', 'websocket'],
};

export class Player {
  readonly socket: PlayerSocket;
  playerId = '';
  private sessionToken = '';
  /** True while the socket is connected and holds its seat. */
  seated = false;
  private closing = false;

  constructor(
    readonly index: number,
    readonly room: Room,
    url: string,
    transport: Transport,
    private readonly events: PlayerEvents,
    /** The minor features of v1 it speaks (`chat`: it hears the room's messages, as a browser). */
    features: readonly string[] = [],
  ) {
    this.socket = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION, features },
      transports: TRANSPORTS[transport],
      upgrade: transport === 'upgrade',
      // One connection per player, as separate browsers would have.
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('place:found', (find) => this.events.found(this, find, performance.now()));
    this.socket.on('disconnect', (reason) => {
      if (this.closing) return;
      this.seated = false;
      this.events.disconnected(this, reason);
    });
  }

  get nickname(): string {
    return `lt${this.index}`;
  }

  /** Connects once; later reconnections (socket.io's own) take the seat back. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('connect', connected);
        reject(new SetupError('connect_timeout', 'no connection within 30 s'));
      }, CONNECT_TIMEOUT_MS);
      const connected = () => {
        clearTimeout(timer);
        this.socket.off('connect_error', refused);
        this.socket.on('connect', () => void this.resume());
        resolve();
      };
      // A refusal with a protocol error code will not change on retry; a network error may.
      const refused = (err: Error & { data?: { code?: string; message?: string } }) => {
        if (!err.data?.code) return;
        clearTimeout(timer);
        this.socket.off('connect', connected);
        this.socket.disconnect();
        reject(new SetupError(err.data.code, err.data.message ?? err.message));
      };
      this.socket.once('connect', connected);
      this.socket.on('connect_error', refused);
      this.socket.connect();
    });
  }

  private async resume(): Promise<void> {
    if (this.closing) return;
    const joined = await this.socket
      .timeout(COMMAND_TIMEOUT_MS)
      .emitWithAck('room:join', {
        code: this.room.code!,
        nickname: this.nickname,
        sessionToken: this.sessionToken,
      })
      .catch(() => undefined);
    if (joined?.ok) this.take(joined);
    this.events.reconnected(this);
  }

  private take(joined: JoinedAck): void {
    this.playerId = joined.you.playerId;
    this.sessionToken = joined.you.sessionToken;
    this.seated = true;
  }

  async create(settings: { scope: string; maxPlayers: number }): Promise<string> {
    const ack = await this.socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('room:create', {
      nickname: this.nickname,
      // Untimed: a game must not end in the middle of a run.
      settings: { ...settings, mode: 'race', durationSec: 0, public: false },
    });
    if (!ack.ok) throw new SetupError(ack.error.code, `room:create: ${ack.error.message}`);
    this.take(ack);
    return ack.room.code;
  }

  async join(code: string): Promise<void> {
    const ack = await this.socket
      .timeout(COMMAND_TIMEOUT_MS)
      .emitWithAck('room:join', { code, nickname: this.nickname });
    if (!ack.ok) throw new SetupError(ack.error.code, `room:join: ${ack.error.message}`);
    this.take(ack);
  }

  /** A host command: start a game, end it, or go back to the lobby for a rematch. */
  async host(event: 'game:start' | 'game:end' | 'room:rematch'): Promise<void> {
    const ack = await this.socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck(event, {});
    if (!ack.ok) throw new SetupError(ack.error.code, `${event}: ${ack.error.message}`);
  }

  close(): void {
    this.closing = true;
    this.seated = false;
    this.socket.disconnect();
  }
}
