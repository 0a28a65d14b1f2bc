/**
 * One order for a room's events on every node (issue 16, point 5). When the
 * rooms live in Redis, each commit puts the room's `place:found` and
 * `room:state` on one stream in the same script (redis-room-scripts.ts), so
 * the stream holds them in `seq` order. Every node, the committing one too,
 * reads that stream and hands each entry to its own sockets only: every
 * socket of a room then receives its events in the stream's order, and a
 * client never holds a find for one still on its way from another node.
 *
 * Before, each node emitted its own commits to its sockets at once and the
 * other nodes' later, through socket.io's adapter: a node's sockets could see
 * its seq 6 before another node's seq 5.
 *
 * `game:ended` still goes through the adapter: it is emitted after the game
 * is saved, well after the game's last finds and its final state are on
 * this stream.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { decodeStreamEntry } from '../rooms/room-event-stream.js';
import { deliverChat } from './chat-channel.js';
import type { GameIo } from './socket-types.js';

export interface RoomEventFeedOptions {
  /** The node's Redis; the feed reads on a connection of its own, which each blocking read holds. */
  redis: Redis;
  /** The stream (room-event-stream.ts `roomEventsKey`). */
  key: string;
  log: Logger;
  /** How long one read waits for new entries before it asks again. */
  blockMs?: number;
  /** Entries taken by one read at most. */
  batch?: number;
}

export interface RoomEventFeed {
  /** Stops reading and closes the feed's connection; resolves once the reading has ended. */
  stop(): Promise<void>;
}

/** The pause after a read failed for another reason than a lost connection. */
const RETRY_MS = 500;

type XReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

/** Reads the stream from its current end on, delivering each entry to this node's sockets. */
export function startRoomEventFeed(io: GameIo, options: RoomEventFeedOptions): RoomEventFeed {
  const { key, log } = options;
  const blockMs = options.blockMs ?? 5000;
  const batch = options.batch ?? 500;
  const reader = options.redis.duplicate({
    // Unlike the shared client's: while Redis is away, reads wait for it
    // (a read in flight is sent again on reconnection, from the same id).
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    autoResendUnfulfilledCommands: true,
    commandTimeout: undefined,
    enableAutoPipelining: false,
    // A read on a connection that died without a word ends after its block and this much more.
    blockingTimeout: blockMs,
    blockingTimeoutGrace: 2000,
  });
  reader.on('error', () => {});
  let stopped = false;

  function deliver(fields: string[]): void {
    let event;
    try {
      event = decodeStreamEntry(fields);
    } catch (err) {
      log.warn({ err }, 'an unreadable entry on the room events stream');
      return;
    }
    if (!event) return;
    if (event.type === 'found') io.local.to(event.code).emit('place:found', event.find);
    else if (event.type === 'state') io.local.to(event.code).emit('room:state', event.room);
    else deliverChat(io, event.code, event.message);
  }

  /** The id of the stream's last entry: what the node delivers starts after it. */
  async function end(): Promise<string> {
    const last = await reader.xrevrange(key, '+', '-', 'COUNT', 1);
    return last[0]?.[0] ?? '0-0';
  }

  async function read(): Promise<void> {
    let last: string | undefined;
    while (!stopped) {
      try {
        last ??= await end();
        const reply = (await reader.xread(
          'COUNT',
          batch,
          'BLOCK',
          blockMs,
          'STREAMS',
          key,
          last,
        )) as XReadReply;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            last = id;
            deliver(fields);
          }
        }
      } catch (err) {
        if (stopped) return;
        log.warn({ err }, 'reading the room events stream failed; reading again');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  const reading = read();
  return {
    async stop() {
      stopped = true;
      reader.disconnect();
      await reading;
    },
  };
}
