/**
 * A room's events as the Redis events stream holds them: one entry per
 * `place:found`, `room:state` or chat line (`chat:message`), with the room's code and the payload as the
 * protocol's JSON. The Redis room store writes them as it commits
 * (redis-room-scripts.ts, COMMIT); every node reads them back and delivers
 * them to its own sockets (server/realtime/room-event-feed.ts). Kept here so
 * that both sides agree on one shape.
 */
import type { ChatMessage, Find, RoomState } from '../../protocol/types.js';
import type { Executed } from './room-store.js';

/**
 * Entries the stream keeps (trimmed roughly, as Redis does best). A node only
 * needs the entries written while it was reading the ones before, so this is
 * many seconds of a busy deployment; it is the bound socket.io's streams
 * adapter uses for the broadcasts it carries.
 */
export const ROOM_EVENTS_MAX_LEN = 10_000;

/** The stream's key, under the deployment's prefix. */
export function roomEventsKey(prefix: string): string {
  return `${prefix}room-events`;
}

export type RoomStreamEvent =
  | { code: string; type: 'found'; find: Find }
  | { code: string; type: 'state'; room: RoomState }
  | { code: string; type: 'chat'; message: ChatMessage };

/**
 * What a committed command says to its room, in the order the room applied it
 * (as server/game/game-service.ts `publisher` announced it before), flattened
 * to the script's arguments: type, data, type, data, … The game's end is not
 * among them: it is announced once the game is saved (server/game/game-ending.ts).
 */
export function streamArguments(executed: Executed): string[] {
  const args: string[] = [];
  for (const event of executed.outcome.events) {
    if (event.type === 'found') args.push('found', JSON.stringify(event.find));
    else if (event.type === 'state' && executed.state)
      args.push('state', JSON.stringify(executed.state));
    else if (event.type === 'chat') args.push('chat', JSON.stringify(event.message));
  }
  return args;
}

/** An entry's fields (`room`, `type`, `data`, as XREAD gives them) back as the event; undefined if not one. */
export function decodeStreamEntry(fields: readonly string[]): RoomStreamEvent | undefined {
  const field = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) field.set(fields[i]!, fields[i + 1]!);
  const code = field.get('room');
  const type = field.get('type');
  const data = field.get('data');
  if (code === undefined || data === undefined) return undefined;
  if (type === 'found') return { code, type, find: JSON.parse(data) as Find };
  if (type === 'state') return { code, type, room: JSON.parse(data) as RoomState };
  if (type === 'chat') return { code, type, message: JSON.parse(data) as ChatMessage };
  return undefined;
}
