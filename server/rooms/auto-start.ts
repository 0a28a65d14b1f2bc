/**
 * Quick play's countdown, pure like the rest of the rules (room.ts): a public
 * lobby with two or more players connected starts by itself once
 * `AUTO_START_MS` have passed. The countdown begins when the second player
 * is there, stops when fewer than two are left, and the host may start early
 * (game:start) or hold it (`holdStart`) until the room's next game.
 */
import type { Command, Outcome, Room } from './room.js';

/** How long a public lobby with two players waits before it starts by itself. */
export const AUTO_START_MS = 30 * 1000;

/** Whether the room's lobby counts down now: public, two connected players, not held. */
function countsDown(room: Room): boolean {
  if (room.phase !== 'lobby' || !room.settings.public || room.autoStartHeld) return false;
  return room.seats.filter((seat) => !seat.left && seat.connected).length >= 2;
}

/**
 * Begins or stops the countdown to match the room as a command left it;
 * true when it changed. A countdown that runs is kept as it is.
 */
export function updateAutoStart(room: Room, now: number): boolean {
  if (countsDown(room)) {
    if (room.autoStartAt !== undefined) return false;
    room.autoStartAt = now + AUTO_START_MS;
    return true;
  }
  if (room.autoStartAt === undefined) return false;
  delete room.autoStartAt;
  return true;
}

/** Whether the countdown has run out at `now`. */
export function autoStartDue(room: Room, now: number): boolean {
  return room.phase === 'lobby' && room.autoStartAt !== undefined && now >= room.autoStartAt;
}

/** The host holds the lobby's countdown; it stays held until the next game starts. */
export function decideHoldStart(
  room: Room,
  command: Extract<Command, { type: 'holdStart' }>,
): Outcome {
  if (command.playerId !== room.hostId) {
    return {
      reply: { ok: false, code: 'not_host', message: 'only the host stops the countdown' },
      events: [],
    };
  }
  if (room.phase !== 'lobby') {
    return {
      reply: { ok: false, code: 'wrong_phase', message: 'the game has started already' },
      events: [],
    };
  }
  room.autoStartHeld = true;
  // applyCommand stops the countdown and announces it.
  return { reply: { ok: true }, events: [] };
}
