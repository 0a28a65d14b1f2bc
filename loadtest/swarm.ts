/**
 * The swarm: rooms of players playing real races. Each room's host creates
 * it with the room's quiz, the others join by its code, the host starts;
 * then every guess is sent by the open-loop scheduler, taking the players in
 * a fixed shuffled round, so each gets the same share of the rate, evenly
 * spaced (what the server's per-socket limit wants), and the rooms' guesses
 * interleave.
 */
import type { Find } from '../protocol/types.js';
import { BroadcastTracker, findKey } from './latency.js';
import type { Transport } from './options.js';
import { Player, SetupError, type Room } from './player.js';
import { seededRandom } from './random.js';
import type { Recorder } from './recorder.js';
import { ChatLoad } from './chat-load.js';
import { OpenLoopScheduler } from './scheduler.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A guess without its ack after this long is an error (`timeout`). */
export const ACK_TIMEOUT_MS = 10_000;

export interface SwarmOptions {
  /** Players go to these servers in turn. */
  urls: readonly string[];
  players: number;
  roomSize: number;
  /** The quiz of each room, drawn by weight. */
  scopes: readonly { scope: string; weight: number }[];
  pools: ReadonlyMap<string, readonly string[]>;
  transport: Transport;
  seed: number;
  connectConcurrency: number;
  /** Each player also chats every this many seconds while guessing (0: no chat). */
  chatSeconds?: number;
}

export interface SetupReport {
  seconds: number;
  rooms: number;
  players: number;
  /** Rooms that could not be set up, by error code; their players sit out. */
  failedRooms: Record<string, number>;
}

export class Swarm {
  readonly rooms: Room[] = [];
  readonly players: Player[] = [];
  readonly tracker: BroadcastTracker;
  private order: Player[] = [];
  private cursor = 0;
  private readonly random: () => number;
  private readonly scheduler: OpenLoopScheduler;
  private readonly sweeper: NodeJS.Timeout;
  private readonly gameTimers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** The room chat beside the guesses, with --chat-seconds. */
  readonly chat: ChatLoad | undefined;

  constructor(
    private readonly options: SwarmOptions,
    private readonly recorder: Recorder,
  ) {
    this.random = seededRandom(options.seed);
    const chatSeconds = options.chatSeconds ?? 0;
    this.chat = chatSeconds > 0 ? new ChatLoad(chatSeconds, this.random) : undefined;
    const features = this.chat ? ['chat'] : [];
    this.tracker = new BroadcastTracker(recorder);
    this.scheduler = new OpenLoopScheduler(
      () => this.sendGuess(),
      () => recorder.dropped(performance.now()),
    );
    this.sweeper = setInterval(
      () => this.tracker.sweep(performance.now(), ACK_TIMEOUT_MS + 1000),
      1000,
    );

    const events = {
      found: (player: Player, find: Find, at: number) => {
        // The finder's own copy is not a delivery to someone else.
        if (find.playerId === player.playerId) return;
        this.tracker.received(findKey(player.room.index, find.place.id, find.playerId), at);
      },
      disconnected: () => recorder.disconnect(performance.now()),
      reconnected: () => recorder.reconnect(performance.now()),
    };
    const totalWeight = options.scopes.reduce((a, s) => a + s.weight, 0);
    const pickScope = () => {
      let r = this.random() * totalWeight;
      for (const s of options.scopes) if ((r -= s.weight) < 0) return s.scope;
      return options.scopes[options.scopes.length - 1]!.scope;
    };
    for (let first = 0; first < options.players; first += options.roomSize) {
      const scope = pickScope();
      const room: Room = {
        index: this.rooms.length,
        scope,
        pool: options.pools.get(scope)!,
        players: [],
        inFlight: 0,
        betweenGames: false,
      };
      const size = Math.min(options.roomSize, options.players - first);
      for (let i = first; i < first + size; i++) {
        const url = options.urls[i % options.urls.length]!;
        const player = new Player(i, room, url, options.transport, events, features);
        room.players.push(player);
        this.players.push(player);
      }
      this.rooms.push(room);
    }
  }

  /** Sets every room up, `connectConcurrency` rooms at a time. */
  async setUp(progress: (players: number) => void): Promise<SetupReport> {
    const started = performance.now();
    const failedRooms: Record<string, number> = {};
    let next = 0;
    let seated = 0;
    const worker = async () => {
      while (next < this.rooms.length) {
        const room = this.rooms[next++]!;
        try {
          await this.setUpRoom(room);
          seated += room.players.length;
          progress(seated);
        } catch (err) {
          const code = err instanceof SetupError ? err.code : 'timeout';
          failedRooms[code] = (failedRooms[code] ?? 0) + 1;
          for (const player of room.players) player.close();
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.connectConcurrency }, worker));

    // The round: every seated player, shuffled once so that rooms interleave.
    this.order = this.players.filter((p) => p.seated);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
    this.chat?.seat(this.order);
    return {
      seconds: (performance.now() - started) / 1000,
      rooms: this.rooms.length - Object.values(failedRooms).reduce((a, n) => a + n, 0),
      players: this.order.length,
      failedRooms,
    };
  }

  private async setUpRoom(room: Room): Promise<void> {
    const [host, ...guests] = room.players;
    await host!.connect();
    room.code = await host!.create({ scope: room.scope, maxPlayers: room.players.length });
    await Promise.all(
      guests.map(async (guest) => {
        await guest.connect();
        await guest.join(room.code!);
      }),
    );
    await host!.host('game:start');
  }

  /**
   * Every `seconds`, each room's host ends its game and starts the next one
   * (rooms staggered over the period), as real rooms do: results are saved
   * and broadcast, and a room's state starts afresh instead of growing for
   * the whole run. The room's players hold their guesses meanwhile (counted
   * as `betweenGames`), and the host waits for the guesses in flight, so
   * that the change of game causes no `wrong_phase`.
   */
  playGamesOf(seconds: number): void {
    for (const room of this.rooms) {
      const host = room.players[0]!;
      if (!host.seated) continue;
      const next = (delay: number) => {
        if (this.closed) return;
        const timer = setTimeout(() => {
          this.gameTimers.delete(timer);
          void this.newGame(room).finally(() => next(seconds * 1000));
        }, delay);
        this.gameTimers.add(timer);
      };
      next(this.random() * seconds * 1000);
    }
  }

  private async newGame(room: Room): Promise<void> {
    if (this.closed) return;
    const host = room.players[0]!;
    room.betweenGames = true;
    try {
      const deadline = performance.now() + ACK_TIMEOUT_MS;
      while (room.inFlight > 0 && performance.now() < deadline) await sleep(5);
      await host.host('game:end');
      await host.host('room:rematch');
      await host.host('game:start');
      this.recorder.game(performance.now());
    } catch (err) {
      if (this.closed) return;
      this.recorder.error(
        performance.now(),
        `new_game_${err instanceof SetupError ? err.code : 'timeout'}`,
      );
    } finally {
      room.betweenGames = false;
    }
  }

  /** Total guesses a second from now on, open loop; 0 stops. */
  setRate(perSecond: number): void {
    this.scheduler.setRate(perSecond);
    this.chat?.follow(perSecond);
  }

  /** The next player of the round sends a guess drawn from its room's pool. */
  private sendGuess(): void {
    if (this.order.length === 0) return;
    const player = this.order[this.cursor]!;
    this.cursor = (this.cursor + 1) % this.order.length;
    const sentAt = performance.now();
    this.recorder.offered(sentAt);
    // socket.io-client would buffer it until a reconnection: not what an open loop means.
    if (!player.seated) return this.recorder.error(sentAt, 'not_connected');
    const { room } = player;
    if (room.betweenGames) return this.recorder.betweenGames(sentAt);
    const text = room.pool[Math.floor(this.random() * room.pool.length)]!;
    this.recorder.sent(sentAt);
    room.inFlight++;
    player.socket.timeout(ACK_TIMEOUT_MS).emit('guess', { text }, (err, ack) => {
      room.inFlight--;
      const ms = performance.now() - sentAt;
      if (err) return this.recorder.error(sentAt, 'timeout');
      if (!ack.ok) return this.recorder.errorAck(sentAt, ms, ack.error.code);
      this.recorder.ack(sentAt, ms, ack.result.kind);
      if (ack.result.kind !== 'found') return;
      let others = 0;
      for (const p of room.players) if (p !== player && p.seated) others++;
      this.tracker.found(findKey(room.index, ack.result.place.id, player.playerId), sentAt, others);
    });
  }

  /** Players holding a seat right now. */
  get seatedCount(): number {
    let n = 0;
    for (const p of this.order) if (p.seated) n++;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.gameTimers) clearTimeout(timer);
    this.scheduler.stop();
    this.chat?.stop();
    clearInterval(this.sweeper);
    for (const player of this.players) player.close();
  }
}
