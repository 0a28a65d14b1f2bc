/**
 * The rules of a daily room (feature `daily`): it plays the daily quiz,
 * parallel and ten minutes, and keeps them: the host may turn the room into
 * an ordinary one in the lobby, not change the quiz under the daily's name.
 * Which quiz is today's comes in with the start command (the rules have no
 * clock): a lobby opened before midnight plays the quiz of the day it starts on.
 */
import type { Settings } from '../../protocol/types.js';
import type { Room, RoomTotals } from './room.js';

/** The settings every daily room plays with. */
export const DAILY_SETTINGS = { mode: 'parallel', durationSec: 600, public: false } as const;

/** The daily quiz a game starts on, given by the caller. */
export interface DailyPin {
  number: number;
  date: string;
  scope: string;
  totals: RoomTotals;
}

/** The settings a daily room keeps, and that a patch may not change while it is daily. */
const LOCKED = ['scope', 'mode', 'durationSec', 'public'] as const;

/** Why `patch` may not be applied to `room`'s settings; undefined when it may. */
export function dailySettingsProblem(room: Room, patch: Partial<Settings>): string | undefined {
  if (patch.daily === true && !room.settings.daily) {
    return 'a room plays the daily quiz from its creation only';
  }
  if (!room.settings.daily || patch.daily === false) return undefined;
  const changed = LOCKED.filter(
    (key) => patch[key] !== undefined && patch[key] !== room.settings[key],
  );
  return changed.length > 0
    ? `the daily quiz's ${changed.join(', ')} cannot be changed; turn daily off first`
    : undefined;
}

/**
 * Pins the daily quiz on a daily room's game as it starts; false when the
 * caller knows no daily quiz (then the game may not start as the daily).
 */
export function pinDaily(room: Room, pin: DailyPin | undefined): boolean {
  if (!room.settings.daily) {
    room.daily = undefined;
    return true;
  }
  if (!pin) return false;
  room.settings = { ...room.settings, ...DAILY_SETTINGS, scope: pin.scope };
  room.totals = pin.totals;
  room.daily = { number: pin.number, date: pin.date };
  return true;
}
