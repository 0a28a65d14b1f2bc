/**
 * The room's chat as the browser shows it: the room's lines in the order
 * the room numbered them, each once, whether it came live or in the replay
 * after a (re)join, and the browser's own notes among them ("your message
 * names a place still to be found…"), which stay where they were written.
 * Free of the DOM, and unit-tested.
 */
import { CHAT_KEPT } from '../../../protocol/chat.js';
import type { ChatMessage } from '../../../protocol/types.js';

/** A line only this browser shows: its sender's held message, a refusal. */
export interface ChatNote {
  kind: 'note';
  text: string;
  /** The room's last line when the note was written: it shows after it. */
  after: number;
  /** Notes written after the same line keep their order. */
  order: number;
}

export type ChatEntry = ChatMessage | ChatNote;

/** How many lines the browser keeps: what the room replays, and as many notes. */
const KEEP = 2 * CHAT_KEPT;

export class ChatLog {
  private entries: ChatEntry[] = [];
  private readonly ids = new Set<number>();
  private notes = 0;
  /** Lines added since `markRead`, for a closed panel's count. */
  unread = 0;

  /** The lines to show, oldest first. */
  get lines(): readonly ChatEntry[] {
    return this.entries;
  }

  /** The room's lines, live or replayed; returns those that were new. */
  add(messages: readonly ChatMessage[]): ChatMessage[] {
    const fresh = messages.filter((m) => !this.ids.has(m.id));
    if (fresh.length === 0) return [];
    for (const message of fresh) this.ids.add(message.id);
    this.entries = [...this.entries, ...fresh].sort(byPlace).slice(-KEEP);
    this.unread += fresh.length;
    return fresh;
  }

  /** A line of the browser's own, after the room's lines so far. */
  note(text: string): void {
    const after = Math.max(0, ...this.ids);
    const note: ChatNote = { kind: 'note', text, after, order: ++this.notes };
    this.entries = [...this.entries, note].sort(byPlace).slice(-KEEP);
  }

  markRead(): void {
    this.unread = 0;
  }

  /** A new room: nothing said yet. */
  reset(): void {
    this.entries = [];
    this.ids.clear();
    this.unread = 0;
  }
}

/** The room's lines by id; a note right after the line it followed, in the order written. */
function byPlace(a: ChatEntry, b: ChatEntry): number {
  const [pa, qa] = a.kind === 'note' ? [a.after, a.order] : [a.id, 0];
  const [pb, qb] = b.kind === 'note' ? [b.after, b.order] : [b.id, 0];
  return pa - pb || qa - qb;
}

/**
 * What a line that is not a player's message says, as a sentence with its
 * names marked: "Ana removed Troll.", "Ana removed you from the room."
 */
export function chatSentence(
  entry: Exclude<ChatEntry, { kind: 'said' }>,
  me: string,
  /** Marks a name for isolation (bidi.ts `isolate`; this module stays free of the DOM). */
  isolate: (name: string) => string,
): string {
  if (entry.kind === 'note') return entry.text;
  const who = entry.playerId === me ? 'you' : isolate(entry.nickname);
  const by = isolate(entry.by);
  if (entry.kind === 'removed') {
    return entry.playerId === me ? `${by} removed you from the room.` : `${by} removed ${who}.`;
  }
  return entry.muted ? `${by} muted ${who}.` : `${by} let ${who} chat again.`;
}

/** The note a sender reads when the room holds their message until the game ends. */
export const heldNote = (text: string): string =>
  `Your message “${text}” names a place still to be found: it will be shown when the game ends.`;
