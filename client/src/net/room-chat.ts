/**
 * The room's chat over the room session's socket (feature `chat`): the
 * lines as they come, the replay of the last ones after a (re)join, sending
 * a message. A server that does not speak chat gets none of its events.
 */
import type { ChatMessage, ErrorCode } from '../../../protocol/types.js';
import { ChatLog, heldNote } from '../state/chat-log.js';
import { request, type GameSocket } from './connection.js';

/** What became of a message: read by the room, held until the game ends, or refused. */
export type Sent = { held: boolean } | { error: ErrorCode };

export class RoomChat {
  readonly log = new ChatLog();
  /** Told whenever the log changed. */
  changed: (log: ChatLog) => void = () => {};

  constructor(
    private readonly socket: () => GameSocket,
    /** Whether the server speaks chat. */
    private readonly spoken: () => Promise<boolean>,
  ) {}

  /** Whether the server speaks chat (it said so in `hello`). */
  available(): Promise<boolean> {
    return this.spoken();
  }

  receive(message: ChatMessage): void {
    if (this.log.add([message]).length > 0) this.changed(this.log);
  }

  /** Asks for the room's last lines: after a join, and after every reconnection. */
  async catchUp(): Promise<void> {
    if (!(await this.spoken())) return;
    const ack = await request(this.socket(), 'chat:history', {});
    if (ack.ok && this.log.add(ack.messages).length > 0) this.changed(this.log);
  }

  async say(text: string): Promise<Sent> {
    const ack = await request(this.socket(), 'chat:send', { text });
    if (!ack.ok) return { error: ack.error.code };
    if (ack.held) {
      this.log.note(heldNote(text));
      this.changed(this.log);
    }
    return { held: ack.held };
  }

  /** Another room, or none. */
  reset(): void {
    this.log.reset();
  }
}
