/**
 * The room's chat (feature `chat`), as rules: who may say something, how
 * often, and whether the room reads it now or when the game ends. The text
 * arrives cleaned (protocol/chat.ts), masked by the caller (server/game/
 * chat-filter.ts: the room picks the masked or the plain text by its
 * setting), and with the places it names in the room's quiz
 * (server/places/mentions.ts).
 *
 * Spectators (spectating.ts) talk too, each with an allowance of their own
 * kept with them in the room; their lines carry a neutral colour and
 * `spectator: true`.
 *
 * The race stays fair: while a game runs, a message that names a place no
 * player has found yet in this game is held, and the room reads it when the
 * game ends. A place anyone found is on everyone's map already (in parallel
 * mode too: the room sees who named what), so naming it gives nothing away.
 *
 * The room keeps no log of what was said: each message is an event, and the
 * room store keeps the last CHAT_KEPT of them for whoever (re)joins.
 */
import {
  CHAT_BURST,
  CHAT_KEPT,
  CHAT_REFILL_MS,
  SPECTATOR_CHAT_COLOR,
} from '../../protocol/chat.js';
import type { ChatMessage } from '../../protocol/types.js';
import { activeSeats, type Outcome, type Room, type RoomEvent } from './room.js';

export interface ChatCommand {
  type: 'chat';
  /** The player's id, or a spectator's (feature `spectate`). */
  playerId: string;
  /** The message, cleaned. */
  text: string;
  /** The same with its rude words masked; the room shows it while its filter is on. */
  masked: string;
  /** Ids of the places the text names in the quiz of `scope`. */
  mentions: number[];
  /** The quiz the mentions were looked up in; while a game runs, another is `stale_scope`. */
  scope: string;
}

/** A player's message as the room read or holds it. */
export type SaidMessage = Extract<ChatMessage, { kind: 'said' }>;

const refused = (
  code: 'not_found' | 'unauthorized' | 'rate_limited' | 'stale_scope',
  message: string,
): Outcome => ({
  reply: { ok: false, code, message },
  events: [],
});

/** The id of the room's next chat line: one sequence per room, whichever node adds it. */
export function nextChatId(room: Room): number {
  room.chatSeq = (room.chatSeq ?? 0) + 1;
  return room.chatSeq;
}

/** Whoever may talk in the room: a seat or a spectator, each with its own allowance. */
interface Speaker {
  id: string;
  nickname: string;
  muted?: boolean;
  chatAllowance?: number;
  chatCountedAt?: number;
}

/**
 * Whether `seat` (a player's or a spectator's) may send a message at `now`,
 * and if so counts it: a bucket of CHAT_BURST messages that refills one every CHAT_REFILL_MS.
 */
function spendAllowance(seat: Speaker, now: number): boolean {
  const since = seat.chatCountedAt ?? now;
  const refilled = Math.max(0, now - since) / CHAT_REFILL_MS;
  const allowance = Math.min(CHAT_BURST, (seat.chatAllowance ?? CHAT_BURST) + refilled);
  if (allowance < 1) return false;
  seat.chatAllowance = allowance - 1;
  seat.chatCountedAt = now;
  return true;
}

/** Whether a player has found the place in this game (in any mode). */
function foundByAnyone(room: Room, placeId: number): boolean {
  if (room.claims.has(placeId)) return true;
  for (const named of room.named.values()) if (named.has(placeId)) return true;
  return false;
}

/** Who says it: a player seated in the room, with their colour, or a spectator watching it. */
function speakerOf(room: Room, id: string): { seat: Speaker; color?: string } | undefined {
  const seat = activeSeats(room).find((s) => s.id === id);
  if (seat) return { seat, color: seat.color };
  const spectator = room.spectators?.find((s) => s.id === id);
  return spectator && { seat: spectator };
}

export function decideChat(room: Room, command: ChatCommand, now: number): Outcome {
  const speaker = speakerOf(room, command.playerId);
  if (!speaker) return refused('not_found', 'you are not in this room');
  const { seat, color } = speaker;
  if (seat.muted) return refused('unauthorized', 'the host has muted your chat');
  const playing = room.phase === 'playing';
  if (playing && command.scope !== room.settings.scope) {
    return refused('stale_scope', 'the room is playing another quiz');
  }
  if (!spendAllowance(seat, now)) {
    return refused('rate_limited', 'slow down: one message every 2 seconds');
  }
  const said: Omit<SaidMessage, 'id'> = {
    kind: 'said',
    at: now,
    playerId: seat.id,
    nickname: seat.nickname,
    // A spectator has no colour of the room's: a neutral one, and the line says who watches.
    color: color ?? SPECTATOR_CHAT_COLOR,
    text: room.settings.chatFilter === false ? command.text : command.masked,
    ...(color === undefined ? { spectator: true as const } : {}),
  };
  if (playing && command.mentions.some((id) => !foundByAnyone(room, id))) {
    // Its id comes when the room reads it, so that ids follow the order the room reads.
    const held = (room.heldChat ??= []);
    held.push({ ...said, id: 0, held: true });
    if (held.length > CHAT_KEPT) held.splice(0, held.length - CHAT_KEPT);
    return { reply: { ok: true, held: true }, events: [] };
  }
  const message: SaidMessage = { ...said, id: nextChatId(room) };
  return { reply: { ok: true, held: false }, events: [{ type: 'chat', message }] };
}

/** The messages held during the game, for the room to read now that it ended. */
export function releaseHeldChat(room: Room): RoomEvent[] {
  const held = room.heldChat ?? [];
  room.heldChat = undefined;
  return held.map((message) => ({ type: 'chat', message: { ...message, id: nextChatId(room) } }));
}

/** The chat lines among a command's events, in order: what a room store keeps (the last CHAT_KEPT). */
export function chatLines(events: readonly RoomEvent[]): readonly ChatMessage[] {
  // Every guess passes here: no array made for the many commands that say nothing.
  if (!events.some((event) => event.type === 'chat')) return NO_LINES;
  return events.flatMap((event) => (event.type === 'chat' ? [event.message] : []));
}

const NO_LINES: readonly ChatMessage[] = [];
