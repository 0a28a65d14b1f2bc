/**
 * What the client knows of its room, kept apart from drawing: the last
 * `room:state`, with `place:found` events folded in as they arrive. Pure, so
 * it is tested without a browser (test/client-room-view.test.ts).
 */
import type { Find, Player, RoomState } from '../../../protocol/types.js';

export interface RoomView {
  room: RoomState;
  /** Player id → player, for colours and names of finds. */
  players: ReadonlyMap<string, Player>;
}

export type Applied =
  | { kind: 'applied'; view: RoomView }
  /** An old or repeated event: nothing changes. */
  | { kind: 'stale' }
  /** Events were missed (a gap in seq): ask the server for the whole state. */
  | { kind: 'gap' };

export function viewOf(room: RoomState): RoomView {
  return { room, players: new Map(room.players.map((p) => [p.id, p])) };
}

/** A newer whole state replaces the view; an older one (late delivery) is ignored. */
export function applyState(view: RoomView | undefined, room: RoomState): Applied {
  if (view && view.room.code === room.code && room.seq < view.room.seq) return { kind: 'stale' };
  return { kind: 'applied', view: viewOf(room) };
}

/** Adds a find, crediting its player; a gap in seq means the client must resync. */
export function applyFind(view: RoomView, find: Find): Applied {
  const { room } = view;
  if (find.seq <= room.seq) return { kind: 'stale' };
  if (find.seq !== room.seq + 1) return { kind: 'gap' };
  const newPlace = !room.found.some((f) => f.place.id === find.place.id);
  const players = room.players.map((p) =>
    p.id === find.playerId
      ? { ...p, score: p.score + 1, population: p.population + find.place.population }
      : p,
  );
  const next: RoomState = {
    ...room,
    seq: find.seq,
    found: [...room.found, find],
    players,
    progress: newPlace
      ? {
          ...room.progress,
          places: room.progress.places + 1,
          population: room.progress.population + find.place.population,
        }
      : room.progress,
  };
  return { kind: 'applied', view: viewOf(next) };
}

/** Players by score, then population, then name: the scoreboard's order. */
export function ranking(view: RoomView): Player[] {
  return [...view.room.players].sort(
    (a, b) =>
      b.score - a.score || b.population - a.population || a.nickname.localeCompare(b.nickname),
  );
}

/** Share of the scope's population the room has named, 0–1. */
export function populationShare(view: RoomView): number {
  const total = view.room.totals.population;
  return total > 0 ? view.room.progress.population / total : 0;
}
