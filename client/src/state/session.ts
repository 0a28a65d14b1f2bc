/**
 * What the browser remembers between visits: the nickname, and per room the
 * session token that takes the seat back after a reload or a lost connection.
 */
const NICKNAME = 'placerace:nickname';
const seatKey = (code: string) => `placerace:seat:${code}`;

export interface Seat {
  playerId: string;
  sessionToken: string;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // private mode or storage disabled: play without remembering
  }
}

export const rememberedNickname = (): string => storage()?.getItem(NICKNAME) ?? '';
export const rememberNickname = (nickname: string): void => storage()?.setItem(NICKNAME, nickname);

export function rememberedSeat(code: string): Seat | undefined {
  const raw = storage()?.getItem(seatKey(code));
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Seat;
  } catch {
    return undefined;
  }
}

export const rememberSeat = (code: string, seat: Seat): void =>
  storage()?.setItem(seatKey(code), JSON.stringify(seat));
export const forgetSeat = (code: string): void => storage()?.removeItem(seatKey(code));
