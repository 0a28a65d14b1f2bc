/**
 * The game's clock: every `everyMs`, one pass over the rooms with something
 * due (a game's end, an expired seat, an empty room to clean up).
 */
import type { Logger } from '../log.js';
import { StoreUnavailableError } from '../rooms/room-store.js';
import type { ImpossibleReports } from './ports.js';

export interface RoomTicker {
  stop(): void;
}

export function startRoomTicker(
  tick: () => Promise<void>,
  options: { everyMs: number; log: Logger; impossible: ImpossibleReports },
): RoomTicker {
  let ticking = false;
  const timer = setInterval(() => {
    // One pass at a time: a slow store (Redis catching up) must not pile passes up.
    if (ticking) return;
    ticking = true;
    tick()
      .catch((err: unknown) => {
        if (err instanceof StoreUnavailableError) options.log.debug({ err }, 'room tick skipped');
        // Only an unreachable store can stop a tick: the rules' tick never fails.
        else options.impossible.report('a room tick failed', { err });
      })
      .finally(() => (ticking = false));
  }, options.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
