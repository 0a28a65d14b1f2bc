/**
 * Quick play ("Play now"): a seat in the fullest public lobby of a quiz that
 * has room, or a new public lobby when none has. The lobbies come from the
 * public list (every node's, with Redis); the list may lag the rooms, so a
 * lobby that filled up or started meanwhile refuses the seat (`room_full`,
 * `wrong_phase`) and the next one is tried. The room's own rules keep its
 * capacity: a quick play never seats more players than a room holds.
 */
import type { AckError, Settings } from '../../protocol/types.js';
import type { LobbySummary } from '../rooms/room-store.js';
import type { Seated } from './game-service.js';

/** The settings of a lobby quick play opens: a public race of five minutes. */
export function quickPlaySettings(scope: string): Partial<Settings> {
  return { scope, mode: 'race', durationSec: 300, public: true };
}

/** How many listed lobbies one quick play tries before it opens a new one. */
const MAX_TRIES = 5;

/**
 * Refusals that mean "try the next lobby": it filled up, started or went away
 * since it was listed, or its host removed this player (`unauthorized`).
 */
const TRY_NEXT = new Set(['room_full', 'wrong_phase', 'not_found', 'unauthorized']);

export interface QuickPlayParts {
  lobbies(): Promise<LobbySummary[]>;
  /** A seat in `code` while it is in its lobby. */
  join(code: string): Promise<Seated | AckError>;
  /** A new public lobby with the player seated. */
  open(): Promise<Seated | AckError>;
}

/** The lobbies of `scope` with a free seat, fullest first (then oldest code first, for ties). */
export function lobbiesToTry(lobbies: readonly LobbySummary[], scope: string): LobbySummary[] {
  return lobbies
    .filter((l) => l.scope === scope && !l.running && l.players < l.maxPlayers)
    .sort((a, b) => b.players - a.players || a.code.localeCompare(b.code))
    .slice(0, MAX_TRIES);
}

export async function quickPlay(parts: QuickPlayParts, scope: string): Promise<Seated | AckError> {
  for (const lobby of lobbiesToTry(await parts.lobbies(), scope)) {
    const seated = await parts.join(lobby.code);
    if (seated.ok || !TRY_NEXT.has(seated.error.code)) return seated;
  }
  return parts.open();
}
