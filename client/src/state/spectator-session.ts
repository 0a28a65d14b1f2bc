/**
 * What the browser remembers of the rooms it watches (feature `spectate`):
 * per room the token that takes the spectator's place back after a reload
 * or a lost connection, as state/session.ts remembers a player's seat.
 */
const watchKey = (code: string) => `placerace:watch:${code}`;

export interface Watch {
  spectatorId: string;
  sessionToken: string;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // private mode or storage disabled: watch without remembering
  }
}

export function rememberedWatch(code: string): Watch | undefined {
  const raw = storage()?.getItem(watchKey(code));
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Watch;
  } catch {
    return undefined;
  }
}

export const rememberWatch = (code: string, watch: Watch): void =>
  storage()?.setItem(watchKey(code), JSON.stringify(watch));
export const forgetWatch = (code: string): void => storage()?.removeItem(watchKey(code));
