/**
 * How the home page lists a public room: "Germany · race · 3 players", and
 * "· playing now" while a game is running there. Free of the DOM.
 */
import { countOf, formatNumber } from '../format.js';

export interface LobbyLine {
  code: string;
  scope: string;
  mode: string;
  /** Players connected now. */
  players: number;
  maxPlayers: number;
  /** A game is being played; absent from older servers, which list only lobbies. */
  running?: boolean;
}

/** The list as shown: rooms waiting in their lobby first, fullest first; then running games. */
export function listOrder<T extends LobbyLine>(rooms: readonly T[]): T[] {
  return [...rooms].sort(
    (a, b) =>
      Number(a.running ?? false) - Number(b.running ?? false) ||
      b.players - a.players ||
      a.code.localeCompare(b.code),
  );
}

/** Whether so few seats are left that the room's size is worth saying. */
export function isNearlyFull(room: Pick<LobbyLine, 'players' | 'maxPlayers'>): boolean {
  return room.maxPlayers - room.players <= Math.max(1, Math.floor(room.maxPlayers / 8));
}

/** "3 players"; "15 of 16 players" when nearly full; "16 of 16 players, full". */
export function playersText(room: Pick<LobbyLine, 'players' | 'maxPlayers'>): string {
  if (room.players >= room.maxPlayers)
    return `${formatNumber(room.players)} of ${formatNumber(room.maxPlayers)} players, full`;
  if (isNearlyFull(room))
    return `${formatNumber(room.players)} of ${formatNumber(room.maxPlayers)} players`;
  return countOf(room.players, 'player');
}

/** The parts of the line: the quiz's name, then "race · 3 players". */
export function lobbyLine(
  room: LobbyLine,
  scopeName: (id: string) => string | undefined,
): { quiz: string; details: string } {
  return {
    quiz: scopeName(room.scope) ?? room.scope,
    details: `${room.mode} · ${playersText(room)}${room.running ? ' · playing now' : ''}`,
  };
}
