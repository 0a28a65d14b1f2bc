/**
 * What the browser remembers between visits: the nickname, and per room the
 * session token that takes the seat back after a reload or a lost connection.
 */
import { browserStorage, storedPerRoom } from './stored.js';

const NICKNAME = 'placerace:nickname';
const seatKey = (code: string) => `placerace:seat:${code}`;

export interface Seat {
  playerId: string;
  sessionToken: string;
}

export const rememberedNickname = (): string => browserStorage()?.getItem(NICKNAME) ?? '';
export const rememberNickname = (nickname: string): void =>
  browserStorage()?.setItem(NICKNAME, nickname);

const seats = storedPerRoom<Seat>(seatKey);

export const rememberedSeat = seats.read;
export const rememberSeat = seats.keep;
export const forgetSeat = seats.forget;
