import type { GameResults, Phase, Player, PlayerResult, RoomState } from '../../protocol/types.js';
import type { LobbySummary, RoomOverview } from './room-store.js';
import { spectatorList } from './spectating.js';
import { activeSeats, type Room, type Seat } from './room.js';

interface Tally {
  score: number;
  population: number;
  capitals: number;
}

function tallies(room: Room): Map<string, Tally> {
  const byPlayer = new Map<string, Tally>();
  for (const find of room.finds) {
    let tally = byPlayer.get(find.playerId);
    if (!tally) byPlayer.set(find.playerId, (tally = { score: 0, population: 0, capitals: 0 }));
    tally.score++;
    tally.population += find.place.population;
    if (room.capitals.has(find.place.id)) tally.capitals++;
  }
  return byPlayer;
}

function player(seat: Seat, tally: Tally | undefined): Player {
  const shown: Player = {
    id: seat.id,
    nickname: seat.nickname,
    color: seat.color,
    score: tally?.score ?? 0,
    population: tally?.population ?? 0,
    capitals: tally?.capitals ?? 0,
    connected: seat.connected,
  };
  // Only while muted: a room nobody muted in looks as it always did.
  if (seat.muted) shown.muted = true;
  return shown;
}

/** The whole room as protocol v1's `room:state` carries it. Tokens never leave the server. */
export function roomState(room: Room): RoomState {
  const byPlayer = tallies(room);
  return {
    code: room.code,
    phase: room.phase,
    hostId: room.hostId,
    settings: room.settings,
    players: activeSeats(room).map((seat) => player(seat, byPlayer.get(seat.id))),
    endsAt: room.endsAt,
    startsAt: room.phase === 'lobby' ? (room.autoStartAt ?? null) : null,
    totals: room.totals,
    progress: roomProgress(room),
    found: room.finds,
    seq: room.seq,
    spectators: spectatorList(room),
  };
}

/** The distinct places the room has named, with their population and capitals. */
function roomProgress(room: Room): RoomState['progress'] {
  const named = new Map(room.finds.map((f) => [f.place.id, f.place.population]));
  let population = 0;
  for (const p of named.values()) population += p;
  return { places: named.size, population, capitals: room.capitals.size };
}

/** The ranking of a finished game: most places first, then most population, then nickname. */
export function gameResults(room: Room, gameId: string): GameResults {
  const byPlayer = tallies(room);
  const inGame = room.seats.filter((s) => !s.left || byPlayer.has(s.id));
  const ranked: PlayerResult[] = inGame
    .map((seat) => ({
      playerId: seat.id,
      nickname: seat.nickname,
      color: seat.color,
      rank: 0,
      score: byPlayer.get(seat.id)?.score ?? 0,
      population: byPlayer.get(seat.id)?.population ?? 0,
      capitals: byPlayer.get(seat.id)?.capitals ?? 0,
      finds: room.finds
        .filter((f) => f.playerId === seat.id)
        .map((f) => ({ place: f.place, at: f.at })),
    }))
    .sort(
      (a, b) =>
        b.score - a.score || b.population - a.population || a.nickname.localeCompare(b.nickname),
    );
  ranked.forEach((result, i) => {
    const previous = ranked[i - 1];
    result.rank =
      previous && previous.score === result.score && previous.population === result.population
        ? previous.rank
        : i + 1;
  });
  const { population } = roomProgress(room);
  return {
    gameId,
    code: room.code,
    settings: room.settings,
    startedAt: room.startedAt ?? room.createdAt,
    endedAt: room.endedAt ?? room.startedAt ?? room.createdAt,
    ranking: ranked,
    populationShare: room.totals.population > 0 ? population / room.totals.population : 0,
    totals: room.totals,
    ...(room.settings.daily && room.daily ? { daily: room.daily } : {}),
  };
}

/**
 * The room as the public list shows it: a public room in its lobby or
 * playing a game (`running`), with someone connected. `players` counts the
 * connected: a room everyone closed the tab on is no room to join.
 */
export function lobbySummary(room: Room): LobbySummary | undefined {
  const players = activeSeats(room).filter((seat) => seat.connected).length;
  if (!room.settings.public || room.phase === 'finished' || players === 0) return undefined;
  return {
    code: room.code,
    scope: room.settings.scope,
    mode: room.settings.mode,
    players,
    maxPlayers: room.settings.maxPlayers,
    running: room.phase === 'playing',
  };
}

/** The room as the operator's dashboard lists it. */
export function roomOverview(room: Room): RoomOverview {
  return {
    code: room.code,
    scope: room.settings.scope,
    mode: room.settings.mode,
    phase: room.phase,
    players: room.seats.filter((seat) => !seat.left && seat.connected).length,
    finds: room.finds.length,
    createdAt: room.createdAt,
  };
}

/** How many of `rooms` are in each phase. */
export function roomsByPhase(rooms: readonly RoomOverview[]): Record<Phase, number> {
  const byPhase: Record<Phase, number> = { lobby: 0, playing: 0, finished: 0 };
  for (const room of rooms) byPhase[room.phase]++;
  return byPhase;
}
