/**
 * Rooms in Redis, shared by every node. The rules stay in room.ts: a node
 * reads the room (only what changed since it last did), applies the command
 * with `applyCommand`, and commits the result with a script that first checks
 * the room's version. When another node committed in between, nothing is
 * written and the command is applied again to the newer room: one place is
 * claimed once and `seq` stays one sequence, whichever nodes the players sit
 * on. Commands on one room from one node still run one at a time, so a node
 * only retries against other nodes.
 *
 * With an events feed, a commit also puts the room's events on one Redis
 * stream, in the same script: the stream then holds each room's events in
 * `seq` order, and every node delivers them to its sockets from there
 * (server/realtime/room-event-feed.ts) rather than each node its own first.
 */
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { performance } from 'node:perf_hooks';
import type { ChatMessage, Settings } from '../../protocol/types.js';
import { chatLines } from './chat.js';
import { CommandQueues } from './command-queue.js';
import { executedOn } from './executed.js';
import {
  applyCommand,
  createRoom,
  isAbandoned,
  nextDue,
  type Room,
  type RoomTotals,
} from './room.js';
import { randomRoomCode } from './room-codes.js';
import { decodeRoom, encodeCore, encodeFind, refreshRoom } from './room-record.js';
import { COMMIT, CREATE, REMOVE, SYNC } from './redis-room-scripts.js';
import { ROOM_EVENTS_MAX_LEN, streamArguments } from './room-event-stream.js';
import {
  StoreUnavailableError,
  type Executed,
  type LobbySummary,
  type RoomOverview,
  type RoomStore,
} from './room-store.js';
import { lobbySummary, roomOverview, roomState } from './snapshot.js';

/** A room as this node last read or wrote it. */
interface Held {
  room: Room;
  version: string;
  epoch: string;
  core: string;
}

type Arg = string | number;
interface RoomScripts {
  roomCreate(...args: Arg[]): Promise<number>;
  roomSync(...args: Arg[]): Promise<[] | [string] | [string, string, string, string[]]>;
  roomCommit(...args: Arg[]): Promise<0 | [number, string]>;
  roomRemove(...args: Arg[]): Promise<number>;
}

export interface RedisRoomStoreOptions {
  /** Put before every key, so that deployments (and test runs) can share one Redis. */
  prefix: string;
  newCode?: () => string;
  /** Rooms untouched this long expire from Redis, should every node be gone. */
  ttlMs?: number;
  /** How many rooms a node keeps decoded in memory. */
  cachedRooms?: number;
  /**
   * The stream each commit puts the room's `place:found` and `room:state` on
   * (room-event-stream.ts); the nodes then broadcast from it, not from `publish`.
   * No stream is written when absent.
   */
  eventStream?: string;
}

/**
 * How long a command is applied again after losing races to other nodes,
 * before its player is told to try again. A time, not a count of attempts: a
 * node slower than the others for a moment (its core busy) loses every race
 * of a burst until the others' commands for the room are done, and a count
 * that held on a quiet machine ran out on a busy one. Just under the
 * browser's 10 s wait for an ack, so that a guess that can still land does:
 * 3 s ran out in CI (4 and 112 of 1,000 guesses, a burst into five rooms
 * over three nodes, on a machine busy with other suites).
 */
const RACE_BUDGET_MS = 8000;
/** How many due rooms one tick of one node takes on. */
const DUE_BATCH = 500;

export class RedisRoomStore implements RoomStore {
  private readonly redis: Redis & RoomScripts;
  private readonly prefix: string;
  private readonly newCode: () => string;
  private readonly ttlMs: number;
  private readonly eventStream: string | undefined;
  private readonly held: LRUCache<string, Held>;
  private readonly queues = new CommandQueues();

  constructor(redis: Redis, options: RedisRoomStoreOptions) {
    redis.defineCommand('roomCreate', { numberOfKeys: 5, lua: CREATE });
    redis.defineCommand('roomSync', { numberOfKeys: 4, lua: SYNC });
    redis.defineCommand('roomCommit', { numberOfKeys: 9, lua: COMMIT });
    redis.defineCommand('roomRemove', { numberOfKeys: 9, lua: REMOVE });
    this.redis = redis as Redis & RoomScripts;
    this.prefix = options.prefix;
    this.newCode = options.newCode ?? randomRoomCode;
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.eventStream = options.eventStream;
    this.held = new LRUCache({ max: options.cachedRooms ?? 10_000 });
  }

  async create(settings: Settings, totals: RoomTotals, now: number): Promise<string> {
    for (;;) {
      const code = this.newCode();
      const room = createRoom(code, settings, totals, now);
      const core = encodeCore(room);
      const k = this.keys(code);
      const created = await this.call(() =>
        this.redis.roomCreate(
          k.core,
          k.version,
          this.allRooms,
          this.dueRooms,
          this.overviews,
          code,
          core,
          dueScore(room),
          this.ttlMs,
          JSON.stringify(roomOverview(room)),
        ),
      );
      if (created === 1) {
        this.held.set(code, { room, version: '1', epoch: '0', core });
        return code;
      }
    }
  }

  execute(
    code: string,
    command: Parameters<RoomStore['execute']>[1],
    now: number,
    publish?: (executed: Executed) => void,
  ): Promise<Executed | undefined> {
    return this.queues.run(code, async () => {
      const giveUpAt = performance.now() + RACE_BUDGET_MS;
      do {
        const held = await this.read(code);
        if (!held) return undefined;
        const written = await this.apply(code, held, command, now);
        if (!written) continue;
        publish?.(written);
        return written;
      } while (performance.now() < giveUpAt);
      throw new StoreUnavailableError(`room ${code} is too busy; try again`);
    });
  }

  async state(code: string) {
    const held = await this.queues.run(code, () => this.read(code));
    return held && roomState(held.room);
  }

  async chat(code: string): Promise<ChatMessage[] | undefined> {
    const k = this.keys(code);
    const [[, exists], [, lines]] = (await this.call(() =>
      this.redis.multi().exists(k.version).lrange(k.chat, 0, -1).exec(),
    )) as [[unknown, number], [unknown, string[]]];
    if (!exists) return undefined;
    return lines.map((line) => JSON.parse(line) as ChatMessage);
  }

  async settings(code: string): Promise<Settings | undefined> {
    // As this node last saw them: no round trip on the guess path (see RoomStore).
    const held = this.held.get(code) ?? (await this.queues.run(code, () => this.read(code)));
    return held?.room.settings;
  }

  async codes(): Promise<string[]> {
    return this.call(() => this.redis.smembers(this.allRooms));
  }

  async count(): Promise<number> {
    return this.call(() => this.redis.scard(this.allRooms));
  }

  async due(now: number): Promise<string[]> {
    return this.call(() =>
      this.redis.zrangebyscore(this.dueRooms, '-inf', now, 'LIMIT', 0, DUE_BATCH),
    );
  }

  async publicLobbies(): Promise<LobbySummary[]> {
    const entries = await this.call(() => this.redis.hvals(this.lobbies));
    return entries.map((entry) => JSON.parse(entry) as LobbySummary);
  }

  async overview(): Promise<RoomOverview[]> {
    // Each commit writes the room's line: one read for every room, no room's core decoded.
    const entries = await this.call(() => this.redis.hvals(this.overviews));
    return entries.map((entry) => JSON.parse(entry) as RoomOverview);
  }

  removeIfAbandoned(code: string, now: number): Promise<boolean> {
    return this.queues.run(code, async () => {
      const held = await this.read(code);
      if (held && !isAbandoned(held.room, now)) return false;
      const k = this.keys(code);
      const removed = await this.call(() =>
        this.redis.roomRemove(
          k.core,
          k.finds,
          k.version,
          k.epoch,
          this.allRooms,
          this.lobbies,
          this.dueRooms,
          this.overviews,
          k.chat,
          held?.version ?? '',
          code,
        ),
      );
      this.held.delete(code);
      return removed === 1;
    });
  }

  /**
   * Applies the command to the room as held and commits it. Undefined when
   * another node changed the room first: the held copy is dropped (it has
   * this command applied in place) and the caller reads the room again.
   */
  private async apply(
    code: string,
    held: Held,
    command: Parameters<RoomStore['execute']>[1],
    now: number,
  ): Promise<Executed | undefined> {
    const { room } = held;
    const findsBefore = room.finds;
    const countBefore = findsBefore.length;
    const outcome = applyCommand(room, command, now);
    const reset = room.finds !== findsBefore;
    const added = reset ? room.finds : room.finds.slice(countBefore);
    const core = encodeCore(room);
    // A command that changed nothing (a miss, a repeat, a refusal) was decided on a current room.
    if (!reset && added.length === 0 && core === held.core) return executedOn(room, outcome);

    this.held.delete(code);
    const k = this.keys(code);
    const summary = lobbySummary(room);
    // Decided before the commit, so that the commit can put its events on the stream.
    const executed = executedOn(room, outcome);
    const events = this.eventStream === undefined ? [] : streamArguments(executed);
    const chat = chatLines(outcome.events);
    const committed = await this.call(() =>
      this.redis.roomCommit(
        k.core,
        k.finds,
        k.version,
        k.epoch,
        this.lobbies,
        this.dueRooms,
        this.overviews,
        this.eventStream ?? this.roomEventsUnused,
        k.chat,
        held.version,
        core,
        reset ? '1' : '0',
        summary ? JSON.stringify(summary) : '',
        dueScore(room),
        code,
        this.ttlMs,
        JSON.stringify(roomOverview(room)),
        ROOM_EVENTS_MAX_LEN,
        added.length,
        ...added.map((find) => encodeFind(room, find)),
        chat.length,
        ...chat.map((line) => JSON.stringify(line)),
        ...events,
      ),
    );
    if (committed === 0) return undefined;
    const [version, epoch] = committed;
    this.held.set(code, { room, version: String(version), epoch, core });
    return executed;
  }

  /** The room, brought up to date with what other nodes did since this node last read it. */
  private async read(code: string): Promise<Held | undefined> {
    const k = this.keys(code);
    const held = this.held.get(code);
    const reply = await this.call(() =>
      this.redis.roomSync(
        k.core,
        k.finds,
        k.version,
        k.epoch,
        held?.version ?? '',
        held?.epoch ?? '',
        held?.room.finds.length ?? 0,
      ),
    );
    if (reply.length === 0) {
      this.held.delete(code);
      return undefined;
    }
    if (reply.length === 1) return held;
    const [version, core, epoch, finds] = reply;
    let next: Held;
    if (held && held.epoch === epoch) {
      refreshRoom(held.room, core, finds);
      next = { room: held.room, version, epoch, core };
    } else {
      next = { room: decodeRoom(core, finds), version, epoch, core };
    }
    // The core as this node encodes it, so that "nothing changed" compares like with like.
    next.core = encodeCore(next.room);
    this.held.set(code, next);
    return next;
  }

  /** Runs a Redis call; a failure to reach Redis becomes StoreUnavailableError. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw new StoreUnavailableError('the room store (Redis) is not reachable', { cause: err });
    }
  }

  private keys(code: string) {
    // The braces keep a room's keys in one hash slot, should Redis ever be a cluster.
    const base = `${this.prefix}room:{${code}}:`;
    return {
      core: `${base}core`,
      finds: `${base}finds`,
      version: `${base}version`,
      epoch: `${base}epoch`,
      chat: `${base}chat`,
    };
  }

  private get allRooms() {
    return `${this.prefix}rooms`;
  }
  private get lobbies() {
    return `${this.prefix}lobbies`;
  }
  private get overviews() {
    return `${this.prefix}overviews`;
  }
  private get dueRooms() {
    return `${this.prefix}due`;
  }
  /** A key the script is given, and never writes, when there is no event stream. */
  private get roomEventsUnused() {
    return `${this.prefix}room-events-unused`;
  }
}

function dueScore(room: Room): string {
  const due = nextDue(room);
  return Number.isFinite(due) ? String(due) : '+inf';
}
