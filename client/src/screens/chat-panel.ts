/**
 * The room's chat (feature `chat`): one panel that follows the room from
 * the lobby to the game to the results. It folds away (during the game it
 * starts folded, with a count of the lines not yet read), and it never
 * takes the focus: a line arriving moves nothing, and the guess field keeps
 * every key typed in it. Enter in the chat's own field sends a message.
 *
 * What the host may do here: turn the filter of rude words off and on.
 */
import { chatTextProblem, CHAT_TEXT_MAX_LENGTH, CHAT_TEXT_RULES } from '../../../protocol/chat.js';
import type { ErrorCode, RoomState } from '../../../protocol/types.js';
import { isolate, sentenceNodes } from '../bidi.js';
import { h } from '../dom.js';
import type { Sent } from '../net/room-chat.js';
import { chatSentence, type ChatEntry, type ChatLog } from '../state/chat-log.js';
import '../chat.css';

export interface ChatContext {
  me: string;
  say(text: string): Promise<Sent>;
  /** Turns the filter of rude words on or off (the host). */
  setFilter(on: boolean): void;
}

/** What a refused message says, by the server's code. */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  rate_limited: 'Slow down: one message every 2 seconds.',
  unauthorized: 'The host has muted your chat.',
  not_found: 'You are not in this room any more.',
  bad_request: 'That message could not be sent.',
};

export class ChatPanel {
  readonly element: HTMLDetailsElement;
  private readonly count = h('span', { class: 'chat-unread' });
  private readonly lines = h('ol', { class: 'chat-lines', role: 'log', 'aria-label': 'Chat' });
  private readonly input = h('input', {
    id: 'chat-input',
    type: 'text',
    autocomplete: 'off',
    enterkeyhint: 'send',
    maxlength: CHAT_TEXT_MAX_LENGTH,
    placeholder: 'Say something…',
    'aria-label': 'Chat message',
  });
  private readonly problem = h('p', { class: 'chat-problem', role: 'status' });
  private readonly filter = h('input', { type: 'checkbox', id: 'chat-filter' });
  private readonly filterLine = h(
    'label',
    { class: 'inline chat-filter', for: 'chat-filter' },
    this.filter,
    ' Mask rude words',
  );
  private log: ChatLog | undefined;

  constructor(private readonly ctx: ChatContext) {
    const form = h(
      'form',
      {
        class: 'chat-form',
        onsubmit: ((event: Event) => {
          event.preventDefault();
          void this.send();
        }) as EventListener,
      },
      this.input,
      h('button', { type: 'submit', class: 'secondary small' }, 'Send'),
    );
    this.filter.addEventListener('change', () => ctx.setFilter(this.filter.checked));
    this.element = h(
      'details',
      { class: 'chat card', open: true },
      h('summary', {}, h('span', { class: 'chat-title' }, 'Chat'), this.count),
      this.lines,
      form,
      this.problem,
      this.filterLine,
    );
    this.element.addEventListener('toggle', () => {
      if (this.element.open) this.markRead();
    });
  }

  /** Folds the panel away, or opens it; a folded panel counts what it did not show. */
  fold(folded: boolean): void {
    this.element.open = !folded;
    if (!folded) this.markRead();
  }

  /** The room's state: who may talk, and the host's filter switch. */
  update(room: RoomState): void {
    // A spectator talks too (feature `spectate`), and may be muted as a player is.
    const me =
      room.players.find((p) => p.id === this.ctx.me) ??
      room.spectators?.find((s) => s.id === this.ctx.me);
    const muted = me?.muted === true;
    this.input.disabled = muted || !me;
    this.input.placeholder = muted ? 'The host has muted your chat' : 'Say something…';
    this.filterLine.hidden = room.hostId !== this.ctx.me;
    this.filter.checked = room.settings.chatFilter !== false;
  }

  /** The chat's lines, all of them (a room keeps a hundred at most). */
  show(log: ChatLog): void {
    this.log = log;
    const atEnd = this.lines.scrollHeight - this.lines.scrollTop - this.lines.clientHeight < 24;
    this.lines.replaceChildren(...log.lines.map((entry) => this.line(entry)));
    // Reading along: stay at the newest line; reading back: stay put.
    if (atEnd) this.lines.scrollTop = this.lines.scrollHeight;
    if (this.element.open) log.markRead();
    this.count.textContent = log.unread > 0 ? `${log.unread} new` : '';
  }

  private markRead(): void {
    this.log?.markRead();
    this.count.textContent = '';
    this.lines.scrollTop = this.lines.scrollHeight;
  }

  private line(entry: ChatEntry): HTMLElement {
    if (entry.kind !== 'said') {
      const note = entry.kind === 'note' ? ' chat-note' : '';
      return h(
        'li',
        { class: `chat-system${note}` },
        ...sentenceNodes(chatSentence(entry, this.ctx.me, isolate)),
      );
    }
    return h(
      'li',
      { class: entry.playerId === this.ctx.me ? 'chat-mine' : undefined },
      h('span', { class: 'swatch', style: `background:${entry.color}` }),
      h('bdi', { class: 'chat-name' }, entry.nickname),
      entry.spectator ? h('span', { class: 'muted chat-watching' }, ' (watching)') : null,
      ' ',
      h('span', { class: 'chat-text', dir: 'auto' }, entry.text),
      entry.held ? h('span', { class: 'muted chat-held' }, ' (held until the game ended)') : null,
    );
  }

  private async send(): Promise<void> {
    const text = this.input.value;
    const problem = chatTextProblem(text);
    if (problem === 'empty') return;
    if (problem) return this.tell(CHAT_TEXT_RULES[problem]);
    this.tell('');
    const sent = await this.ctx.say(text);
    if ('error' in sent)
      return this.tell(REFUSALS[sent.error] ?? 'That message could not be sent.');
    // Sent (or held: the log has a note): the field is free for the next one.
    if (this.input.value === text) this.input.value = '';
  }

  private tell(problem: string): void {
    this.problem.textContent = problem ? capitalised(problem) : '';
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
