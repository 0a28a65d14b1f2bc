/**
 * The people side of the room screen (features `chat` and `host-tools`):
 * the chat panel, which moves with the room from the lobby to the game and
 * the results, and the host's menu on each player's row. The room screen
 * places them; this says what they show.
 */
import type { ErrorCode, RoomState } from '../../../protocol/types.js';
import { isolate } from '../bidi.js';
import type { RoomChat } from '../net/room-chat.js';
import type { ChatLog } from '../state/chat-log.js';
import { ChatPanel } from './chat-panel.js';
import { HostMenu, type Person } from './host-menu.js';

export interface PeopleContext {
  me: string;
  chat: RoomChat;
  kick(playerId: string): Promise<ErrorCode | undefined>;
  mute(playerId: string, muted: boolean): Promise<ErrorCode | undefined>;
  makeHost(playerId: string): Promise<ErrorCode | undefined>;
  changeSettings(settings: { chatFilter: boolean }): Promise<ErrorCode | undefined>;
  /** Says something on the room's notice line. */
  say(message: string): void;
}

export class RoomPeople {
  readonly chat: ChatPanel;
  readonly menu: HostMenu;
  private room: RoomState | undefined;
  /** Whether the player opened the chat during a game; it starts folded there. */
  private openInGame = false;

  constructor(private readonly ctx: PeopleContext) {
    this.chat = new ChatPanel({
      me: ctx.me,
      say: (text) => ctx.chat.say(text),
      setFilter: (on) => void this.refused(ctx.changeSettings({ chatFilter: on })),
    });
    this.chat.element.addEventListener('toggle', () => {
      if (this.room?.phase === 'playing') this.openInGame = this.chat.element.open;
    });
    this.menu = new HostMenu(ctx.me, {
      kick: (id) => void this.refused(ctx.kick(id)),
      mute: (id, muted) => void this.refused(ctx.mute(id, muted)),
      makeHost: (id) => void this.refused(ctx.makeHost(id)),
    });
    this.showChat(ctx.chat.log);
  }

  update(room: RoomState): void {
    this.room = room;
    this.chat.update(room);
  }

  showChat(log: ChatLog): void {
    this.chat.show(log);
  }

  /** The chat panel, folded or open as suits the part of the room it goes to. */
  chatFor(part: 'lobby' | 'playing' | 'results'): HTMLElement {
    this.chat.fold(part === 'playing' && !this.openInGame);
    return this.chat.element;
  }

  /** The host's "⋯" for a player's row, or a spectator's name as a button (`label`), or null. */
  menuFor = (player: Person, label?: string): HTMLElement | null =>
    this.room ? this.menu.button(player, this.room, label) : null;

  private async refused(command: Promise<ErrorCode | undefined>): Promise<void> {
    const code = await command;
    if (!code) return;
    const host = this.room?.players.find((p) => p.id === this.room?.hostId);
    this.ctx.say(
      code === 'not_host'
        ? `Only the host can do that${host ? `; ${isolate(host.nickname)} is the host now` : ''}.`
        : code === 'bad_request'
          ? 'That player is away: they can be host once they are back.'
          : 'That did not work. Try again in a moment.',
    );
  }
}
