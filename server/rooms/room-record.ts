/**
 * A room as Redis keeps it: the "core" (phase, seats, settings, seq, timers)
 * as one JSON value, and the finds of the current game as a list that only
 * grows, one JSON entry per find. Claims, the places each player named and
 * the capitals are not stored: they follow from the finds, so a node rebuilds
 * them, and a node that already holds the room reads only the finds it lacks.
 */
import type { Find } from '../../protocol/types.js';
import type { Room } from './room.js';

type RoomCore = Omit<Room, 'finds' | 'claims' | 'named' | 'capitals'>;

/** A find as stored: the protocol's find, and whether its place is a capital. */
interface StoredFind extends Find {
  capital?: true;
}

export function encodeCore(room: Room): string {
  const { finds, claims, named, capitals, ...core } = room;
  return JSON.stringify(core satisfies RoomCore);
}

export function encodeFind(room: Room, find: Find): string {
  const stored: StoredFind = room.capitals.has(find.place.id) ? { ...find, capital: true } : find;
  return JSON.stringify(stored);
}

/** A room rebuilt from its stored core and every find of its game. */
export function decodeRoom(core: string, finds: readonly string[]): Room {
  const room: Room = {
    ...(JSON.parse(core) as RoomCore),
    finds: [],
    claims: new Map(),
    named: new Map(),
    capitals: new Set(),
  };
  appendFinds(room, finds);
  return room;
}

/** Brings a room up to date with a newer core and the finds made since it was read. */
export function refreshRoom(room: Room, core: string, newFinds: readonly string[]): void {
  Object.assign(room, JSON.parse(core) as RoomCore);
  appendFinds(room, newFinds);
}

function appendFinds(room: Room, encoded: readonly string[]): void {
  for (const entry of encoded) {
    const { capital, ...find } = JSON.parse(entry) as StoredFind;
    room.finds.push(find);
    // In race and coop the first find of a place claims it; in parallel each player names their own.
    if (!room.claims.has(find.place.id)) room.claims.set(find.place.id, find.playerId);
    let named = room.named.get(find.playerId);
    if (!named) room.named.set(find.playerId, (named = new Set()));
    named.add(find.place.id);
    if (capital) room.capitals.add(find.place.id);
  }
}
