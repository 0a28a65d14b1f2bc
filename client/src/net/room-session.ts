/**
 * The client's one connection to the game server and its seat in a room:
 * creating and joining rooms, taking the seat back after a reload or a lost
 * connection, the room's commands, and the room's events put in order
 * (state/room-feed.ts) and handed to whoever shows the room.
 */
import type {
  AckError,
  ErrorCode,
  Find,
  GameEnded,
  JoinedAck,
  RoomState,
  Settings,
} from '../../../protocol/types.js';
import type { GuessOutcome } from '../state/guess-outcome.js';
import { RoomFeed } from '../state/room-feed.js';
import type { RoomView } from '../state/room-view.js';
import { forgetSeat, rememberedNickname, rememberedSeat, rememberSeat } from '../state/session.js';
import { connect, request, type GameSocket } from './connection.js';

/**
 * How long a find that arrived ahead of its turn waits for the events before
 * it; past this, the whole state is asked for.
 */
const EARLY_FIND_WAIT_MS = 400;

/** What a refused connection says to the player, by the server's code; it keeps trying meanwhile. */
const CONNECT_ERRORS: Partial<Record<string, string>> = {
  unavailable: 'The server is starting; connecting…',
  rate_limited: 'Too many connections from your network right now; trying again…',
};

/** Who shows the room: told of every change, in order. */
export interface RoomListener {
  /** The room changed; `find` is the find that changed it, received at `receivedAt`. */
  changed(view: RoomView, find?: Find, receivedAt?: number): void;
  ended(ended: GameEnded): void;
}

/** The room's commands, as the room screen sends them; a refusal comes back as its code. */
export interface RoomCommands {
  guess(text: string): Promise<GuessOutcome>;
  changeSettings(settings: Partial<Settings>): Promise<ErrorCode | undefined>;
  start(): Promise<ErrorCode | undefined>;
  end(): Promise<ErrorCode | undefined>;
  rematch(): Promise<ErrorCode | undefined>;
}

type Joined = JoinedAck | AckError;

export class RoomSession {
  /** The room the seat is in, if any. */
  code: string | undefined;
  /** This player's id in that room. */
  me = '';
  private socket: GameSocket | undefined;
  private readonly feed = new RoomFeed();
  private waitTimer: number | undefined;
  private listener: RoomListener | undefined;

  /** `status` shows the connection's state to the player ('' when connected). */
  constructor(private readonly status: (text: string, offline: boolean) => void) {}

  get view(): RoomView | undefined {
    return this.feed.view;
  }

  listen(listener: RoomListener | undefined): void {
    this.listener = listener;
  }

  create(nickname: string, settings: Partial<Settings>): Promise<Joined> {
    return request(this.connection(), 'room:create', { nickname, settings });
  }

  join(code: string, nickname: string): Promise<Joined> {
    return request(this.connection(), 'room:join', { code, nickname });
  }

  /** Takes back the seat this browser remembers in `code`; undefined when there is none to take. */
  async takeSeatBack(code: string): Promise<JoinedAck | undefined> {
    const seat = rememberedSeat(code);
    if (!seat) return undefined;
    const ack = await request(this.connection(), 'room:join', {
      code,
      nickname: rememberedNickname() || 'Player',
      sessionToken: seat.sessionToken,
    });
    if (ack.ok) return ack;
    forgetSeat(code);
    return undefined;
  }

  /** Sits in the room a create or join answered with. */
  enter(ack: JoinedAck): void {
    rememberSeat(ack.room.code, ack.you);
    this.code = ack.room.code;
    this.me = ack.you.playerId;
    this.feed.reset();
    this.feed.state(ack.room);
  }

  /** Gets up from the room's seat (another page of the client opened). */
  leave(): void {
    if (!this.code) return;
    void request(this.connection(), 'room:leave', {});
    this.code = undefined;
    this.feed.reset();
    this.listener = undefined;
  }

  commands(): RoomCommands {
    const socket = this.connection();
    const refusal = (ack: { ok: true } | AckError) => (ack.ok ? undefined : ack.error.code);
    const command = async (event: 'game:start' | 'game:end' | 'room:rematch') =>
      refusal(await request(socket, event, {}));
    return {
      guess: async (text) => {
        const ack = await request(socket, 'guess', { text });
        return ack.ok ? ack.result : { error: ack.error.code };
      },
      changeSettings: async (settings) =>
        refusal(await request(socket, 'room:settings', { settings })),
      start: () => command('game:start'),
      end: () => command('game:end'),
      rematch: () => command('room:rematch'),
    };
  }

  private onState(room: RoomState) {
    if (room.code !== this.code) return;
    const change = this.feed.state(room);
    if (change.changed) this.listener?.changed(this.feed.view!);
    for (const find of change.finds) this.listener?.changed(this.feed.view!, find);
    this.watchGaps();
  }

  private onFind(find: Find, receivedAt: number) {
    const change = this.feed.find(find);
    for (const applied of change.finds) {
      this.listener?.changed(this.feed.view!, applied, applied === find ? receivedAt : undefined);
    }
    this.watchGaps();
  }

  /** While finds wait for the events before them, a timer runs; when it ends, a resync. */
  private watchGaps() {
    if (!this.feed.waiting) {
      window.clearTimeout(this.waitTimer);
      this.waitTimer = undefined;
      return;
    }
    this.waitTimer ??= window.setTimeout(() => {
      this.waitTimer = undefined;
      if (!this.feed.waiting) return;
      this.feed.giveUp();
      void this.resync();
    }, EARLY_FIND_WAIT_MS);
  }

  private async resync() {
    const ack = await request(this.connection(), 'room:state', {});
    if (ack.ok) this.onState(ack.room);
  }

  /** The one socket, connected on first use. */
  private connection(): GameSocket {
    if (this.socket) return this.socket;
    const socket = connect();
    this.socket = socket;
    let wasConnected = false;
    socket.on('connect', () => {
      this.status('', false);
      // A new connection after a drop: the seat is taken back by token, with the room whole.
      if (wasConnected && this.code) void this.rejoin();
      wasConnected = true;
    });
    socket.on('disconnect', () => this.status('reconnecting…', true));
    socket.on('connect_error', (error: Error & { data?: { code?: ErrorCode } }) => {
      this.status(CONNECT_ERRORS[error.data?.code ?? ''] ?? 'reconnecting…', true);
    });
    socket.on('room:state', (room) => this.onState(room));
    socket.on('place:found', (find) => this.onFind(find, performance.now()));
    socket.on('game:ended', (ended) => this.listener?.ended(ended));
    return socket;
  }

  private async rejoin() {
    const ack = this.code && (await this.takeSeatBack(this.code));
    if (ack) this.onState(ack.room);
  }
}
