/**
 * What the browser remembers of the rooms it watches (feature `spectate`):
 * per room the token that takes the spectator's place back after a reload
 * or a lost connection, as state/session.ts remembers a player's seat.
 */
import { storedPerRoom } from './stored.js';

const watchKey = (code: string) => `placerace:watch:${code}`;

export interface Watch {
  spectatorId: string;
  sessionToken: string;
}

const watches = storedPerRoom<Watch>(watchKey);

export const rememberedWatch = watches.read;
export const rememberWatch = watches.keep;
export const forgetWatch = watches.forget;
