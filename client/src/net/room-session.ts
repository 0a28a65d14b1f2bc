/**
 * The client's one connection to the game server and its seat in a room:
 * creating and joining rooms, taking the seat back after a reload or a lost
 * connection, the room's commands, and the room's events put in order
 * (state/room-feed.ts) and handed to whoever shows the room.
 */
import { CHAT_FEATURE, HOST_TOOLS_FEATURE } from '../../../protocol/chat.js';
import type {
  AckError,
  ChatMessage,
  ErrorCode,
  Find,
  GameEnded,
  JoinedAck,
  PeekAck,
  Reaction,
  ReactionEvent,
  RoomState,
  Settings,
  SpectatingAck,
} from '../../../protocol/types.js';
import type { GuessOutcome } from '../state/guess-outcome.js';
import { RoomFeed } from '../state/room-feed.js';
import type { RoomView } from '../state/room-view.js';
import { forgetSeat, rememberedNickname, rememberedSeat, rememberSeat } from '../state/session.js';
import { forgetWatch, rememberedWatch, rememberWatch } from '../state/spectator-session.js';
import { browserId } from '../state/browser-id.js';
import type { ChatLog } from '../state/chat-log.js';
import { connect, request, type GameSocket } from './connection.js';
import { RoomChat } from './room-chat.js';

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
  /** Someone in the room reacted (feature `reactions`). */
  reacted?(reaction: ReactionEvent): void;
  /** The room's chat changed (feature `chat`). */
  chat?(log: ChatLog): void;
  /** The host removed this player from the room (feature `host-tools`); the seat is gone. */
  removed?(message: Extract<ChatMessage, { kind: 'removed' }>): void;
}

/** The room's commands, as the room screen sends them; a refusal comes back as its code. */
export interface RoomCommands {
  guess(text: string): Promise<GuessOutcome>;
  changeSettings(settings: Partial<Settings>): Promise<ErrorCode | undefined>;
  start(): Promise<ErrorCode | undefined>;
  end(): Promise<ErrorCode | undefined>;
  rematch(): Promise<ErrorCode | undefined>;
  /** Stops a public lobby's countdown (host only). */
  hold(): Promise<ErrorCode | undefined>;
  /** The host's tools (feature `host-tools`). */
  kick(playerId: string): Promise<ErrorCode | undefined>;
  mute(playerId: string, muted: boolean): Promise<ErrorCode | undefined>;
  makeHost(playerId: string): Promise<ErrorCode | undefined>;
}

type Joined = JoinedAck | AckError;

export class RoomSession {
  /** The room the seat is in, if any. */
  code: string | undefined;
  /** This player's id in that room (a spectator's id while watching). */
  me = '';
  /** Whether the browser plays in the room or watches it (feature `spectate`). */
  role: 'player' | 'spectator' = 'player';
  /** The features the server named in `hello`, once it has. */
  private features: Promise<Set<string>> | undefined;
  private socket: GameSocket | undefined;
  private readonly feed = new RoomFeed();
  private waitTimer: number | undefined;
  private listener: RoomListener | undefined;
  /** The room's chat (feature `chat`). */
  readonly chat = new RoomChat(
    () => this.connection(),
    async () => (await this.serverFeatures()).has(CHAT_FEATURE),
  );

  /** `status` shows the connection's state to the player ('' when connected). */
  constructor(private readonly status: (text: string, offline: boolean) => void) {}

  get view(): RoomView | undefined {
    return this.feed.view;
  }

  listen(listener: RoomListener | undefined): void {
    this.listener = listener;
  }

  async create(nickname: string, settings: Partial<Settings>): Promise<Joined> {
    const browser = await this.browser();
    return request(this.connection(), 'room:create', { nickname, settings, ...browser });
  }

  /** The browser's id for room:create, room:join and room:quickplay, when the server takes one (feature `host-tools`). */
  private async browser(): Promise<{ browserId?: string }> {
    if (!(await this.serverFeatures()).has(HOST_TOOLS_FEATURE)) return {};
    const id = browserId();
    return id ? { browserId: id } : {};
  }

  /** Quick play: a seat in the fullest public lobby of `scope` with room, or a new one. */
  async quickPlay(nickname: string, scope: string): Promise<Joined> {
    const browser = await this.browser();
    return request(this.connection(), 'room:quickplay', { nickname, scope, ...browser });
  }

  async join(code: string, nickname: string): Promise<Joined> {
    const browser = await this.browser();
    return request(this.connection(), 'room:join', { code, nickname, ...browser });
  }

  /** Watches the room without a seat (feature `spectate`). */
  async spectate(code: string, nickname: string): Promise<SpectatingAck | AckError> {
    const browser = await this.browser();
    return request(this.connection(), 'room:spectate', { code, nickname, ...browser });
  }

  /** What a room is doing, when the server can say (feature `late-join`); undefined otherwise. */
  async peek(code: string): Promise<PeekAck | AckError | undefined> {
    if (!(await this.serverFeatures()).has('late-join')) return undefined;
    return request(this.connection(), 'room:peek', { code });
  }

  /** The features the server named in its `hello`; none from a server that names none. */
  serverFeatures(): Promise<Set<string>> {
    this.connection();
    return this.features!;
  }

  /** Sends a reaction to everyone in the room; a refusal (too many) comes back as its code. */
  async react(emoji: Reaction): Promise<ErrorCode | undefined> {
    const ack = await request(this.connection(), 'room:react', { emoji });
    return ack.ok ? undefined : ack.error.code;
  }

  /** Watches the room a spectate answered with. */
  watch(ack: SpectatingAck): void {
    rememberWatch(ack.room.code, ack.you);
    this.code = ack.room.code;
    this.me = ack.you.spectatorId;
    this.role = 'spectator';
    this.feed.reset();
    this.feed.state(ack.room);
    // Spectators read and write the chat too (feature `chat`): its history first.
    this.chat.reset();
    void this.chat.catchUp();
  }

  /** Takes back the place this browser remembers watching `code` from; undefined when none. */
  private async takeWatchBack(code: string): Promise<SpectatingAck | undefined> {
    const watch = rememberedWatch(code);
    if (!watch) return undefined;
    const ack = await request(this.connection(), 'room:spectate', {
      code,
      nickname: rememberedNickname() || 'Spectator',
      sessionToken: watch.sessionToken,
      ...(await this.browser()),
    });
    if (ack.ok) return ack;
    forgetWatch(code);
    return undefined;
  }

  /**
   * Takes back the seat this browser remembers in `code`, or the place it
   * watched the room from; undefined when there is none to take.
   */
  async takeSeatBack(code: string): Promise<JoinedAck | SpectatingAck | undefined> {
    const seat = rememberedSeat(code);
    if (!seat) return this.takeWatchBack(code);
    const ack = await request(this.connection(), 'room:join', {
      code,
      nickname: rememberedNickname() || 'Player',
      sessionToken: seat.sessionToken,
      ...(await this.browser()),
    });
    if (ack.ok) return ack;
    forgetSeat(code);
    return undefined;
  }

  /** Sits in the room a create or join answered with. */
  enter(ack: JoinedAck): void {
    rememberSeat(ack.room.code, ack.you);
    forgetWatch(ack.room.code);
    this.code = ack.room.code;
    this.me = ack.you.playerId;
    this.role = 'player';
    this.feed.reset();
    this.feed.state(ack.room);
    this.chat.reset();
    void this.chat.catchUp();
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
    const command = async (event: 'game:start' | 'game:end' | 'room:rematch' | 'game:hold') =>
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
      hold: () => command('game:hold'),
      kick: async (playerId) => refusal(await request(socket, 'room:kick', { playerId })),
      mute: async (playerId, muted) =>
        refusal(await request(socket, 'room:mute', { playerId, muted })),
      makeHost: async (playerId) => refusal(await request(socket, 'room:host', { playerId })),
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
    this.features = new Promise((resolve) => {
      // Sent on every connection; the first tells. No answer in time: use none of them.
      const timer = window.setTimeout(() => resolve(new Set()), 10_000);
      socket.once('hello', (hello) => {
        window.clearTimeout(timer);
        resolve(new Set(hello.features ?? []));
      });
    });
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
    socket.on('room:reaction', (reaction) => this.listener?.reacted?.(reaction));
    socket.on('chat:message', (message) => this.onChat(message));
    this.chat.changed = (log) => this.listener?.chat?.(log);
    return socket;
  }

  /** A chat line; one that says the host removed this player ends the seat here too. */
  private onChat(message: ChatMessage) {
    this.chat.receive(message);
    if (message.kind !== 'removed' || message.playerId !== this.me || !this.code) return;
    if (this.role === 'spectator') forgetWatch(this.code);
    else forgetSeat(this.code);
    this.code = undefined;
    this.listener?.removed?.(message);
  }

  private async rejoin() {
    const ack = this.code && (await this.takeSeatBack(this.code));
    if (ack) this.onState(ack.room);
    if (ack) void this.chat.catchUp();
  }
}
