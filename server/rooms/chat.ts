/**
 * The room's chat (feature `chat`), as rules: who may say something, how
 * often, and whether the room reads it now or when the game ends. The text
 * arrives cleaned (protocol/chat.ts), masked by the caller (server/game/
 * chat-filter.ts: the room picks the masked or the plain text by its
 * setting), and with the places it names in the room's quiz
 * (server/places/mentions.ts).
 *
 * The race stays fair: while a game runs, a message that names a place no
 * player has found yet in this game is held, and the room reads it when the
 * game ends. A place anyone found is on everyone's map already (in parallel
 * mode too: the room sees who named what), so naming it gives nothing away.
 *
 * The room keeps no log of what was said: each message is an event, and the
 * room store keeps the last CHAT_KEPT of them for whoever (re)joins.
 */
import { CHAT_BURST, CHAT_KEPT, CHAT_REFILL_MS } from '../../protocol/chat.js';
import type { ChatMessage } from '../../protocol/types.js';
import { activeSeats, type Outcome, type Room, type RoomEvent, type Seat } from './room.js';

export interface ChatCommand {
  type: 'chat';
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

/**
 * Whether `seat` may send a message at `now`, and if so counts it: a bucket
 * of CHAT_BURST messages that refills one every CHAT_REFILL_MS.
 */
function spendAllowance(seat: Seat, now: number): boolean {
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

export function decideChat(room: Room, command: ChatCommand, now: number): Outcome {
  const seat = activeSeats(room).find((s) => s.id === command.playerId);
  if (!seat) return refused('not_found', 'you are not in this room');
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
    color: seat.color,
    text: room.settings.chatFilter === false ? command.text : command.masked,
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
export function chatLines(events: readonly RoomEvent[]): ChatMessage[] {
  return events.flatMap((event) => (event.type === 'chat' ? [event.message] : []));
}
