/**
 * What the client knows of its room, kept apart from drawing: the last
 * `room:state`, with `place:found` events folded in as they arrive. Pure of
 * the DOM, so it is tested without a browser (test/client-room-view.test.ts).
 *
 * A find costs constant work, however long the game: the view is the
 * client's own copy of the state, and a find is appended to it in place
 * (the server, too, never copies a room's finds per guess). A new
 * `room:state` replaces the copy.
 */
import type { Find, Player, RoomState } from '../../../protocol/types.js';

export interface RoomView {
  /** The room; `found` grows and the players' scores move as finds arrive. */
  room: RoomState;
  /** Player id → player (the same objects as `room.players`), for colours and names of finds. */
  players: ReadonlyMap<string, Player>;
  /** The places the room has named, by GeoNames id: a find of one again (parallel) adds no progress. */
  named: Set<number>;
}

export type Applied =
  | { kind: 'applied'; view: RoomView }
  /** An old or repeated event: nothing changes. */
  | { kind: 'stale' }
  /** Events were missed (a gap in seq): ask the server for the whole state. */
  | { kind: 'gap' };

/** The client's own copy of a room's state, which finds then change in place. */
export function viewOf(state: RoomState): RoomView {
  const players = state.players.map((player) => ({ ...player }));
  const room: RoomState = {
    ...state,
    players,
    found: [...state.found],
    progress: { ...state.progress },
  };
  return {
    room,
    players: new Map(players.map((p) => [p.id, p])),
    named: new Set(state.found.map((f) => f.place.id)),
  };
}

/** A newer whole state replaces the view; an older one (late delivery) is ignored. */
export function applyState(view: RoomView | undefined, room: RoomState): Applied {
  if (view && view.room.code === room.code && room.seq < view.room.seq) return { kind: 'stale' };
  return { kind: 'applied', view: viewOf(room) };
}

/** Adds a find to the view, crediting its player; a gap in seq means the client must resync. */
export function applyFind(view: RoomView, find: Find): Applied {
  const { room } = view;
  if (find.seq <= room.seq) return { kind: 'stale' };
  if (find.seq !== room.seq + 1) return { kind: 'gap' };
  room.seq = find.seq;
  room.found.push(find);
  const player = view.players.get(find.playerId);
  if (player) {
    player.score += 1;
    player.population += find.place.population;
  }
  if (!view.named.has(find.place.id)) {
    view.named.add(find.place.id);
    room.progress.places += 1;
    room.progress.population += find.place.population;
  }
  return { kind: 'applied', view };
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
