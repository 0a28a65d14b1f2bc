/**
 * The room's audience on screen (features `spectate` and `reactions`): who
 * is watching, listed apart from the players; the bar a spectator joins the
 * game from; the reaction buttons; and the reactions that float up over
 * their sender's row (or over the watchers' line, for a spectator's), for
 * everyone in the room: in the lobby's players, the game's scoreboard and
 * the results' ranking alike (PeopleBoard).
 */
import { REACTIONS } from '../../../protocol/reactions.js';
import type {
  Mode,
  Reaction,
  ReactionEvent,
  RoomState,
  SpectatorInfo,
} from '../../../protocol/types.js';
import { NICKNAME } from '../bidi.js';
import { h } from '../dom.js';
import '../audience.css';

/** How long a reaction floats, in ms (the CSS animation's length). */
const FLOAT_MS = 2200;
/** Reactions afloat over one board at most; more would hide the rows. */
const MAX_AFLOAT = 12;

/**
 * "Watching (2): Ann, Bob", or nothing when nobody watches; `menu`: for the
 * host, each name as a button that opens the host's menu (host-menu.ts).
 */
export function watchersLine(room: RoomState, menu?: WatcherMenu): HTMLElement {
  const watchers = room.spectators ?? [];
  const line = h('p', { class: 'watchers muted', 'data-watchers': '' });
  if (watchers.length === 0) return line;
  line.append(`Watching (${watchers.length}): `);
  watchers.forEach((w, i) => {
    if (i > 0) line.append(', ');
    const button = menu?.(w);
    button?.classList.add(NICKNAME);
    line.append(button ?? h('span', { class: NICKNAME }, w.nickname));
  });
  return line;
}

/**
 * Above the room, for a spectator: what they are doing, and the way in: a
 * seat in the running game or the lobby's next one. Not while the results
 * show: a seat in a finished game has nothing to play until the host sets
 * up the next, and then the bar offers it.
 */
export function spectatorBar(room: RoomState, join: () => void): HTMLElement {
  const label = room.phase === 'playing' ? joinLabel(room.settings.mode) : 'Join the next game';
  return h(
    'div',
    { class: 'spectator-bar', role: 'status' },
    h('span', {}, 'You are watching: no guesses, no score.'),
    room.phase === 'finished'
      ? null
      : h('button', { type: 'button', onclick: (() => join()) as EventListener }, label),
  );
}

/** What joining a running game means in its mode. */
export function joinLabel(mode: Mode): string {
  return mode === 'coop' ? 'Join the team' : 'Join the game';
}

/** The reaction buttons; `send` answers a refusal's code, which pauses them briefly. */
export function reactionBar(send: (emoji: Reaction) => Promise<string | undefined>): HTMLElement {
  const bar = h('div', { class: 'reactions', role: 'group', 'aria-label': 'React' });
  for (const emoji of REACTIONS) {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'reaction',
        'aria-label': `React with ${emoji}`,
        onclick: (async () => {
          const refused = await send(emoji);
          if (!refused) return;
          bar.classList.add('paused');
          window.setTimeout(() => bar.classList.remove('paused'), 1500);
        }) as EventListener,
      },
      emoji,
    );
    bar.append(button);
  }
  return bar;
}

/**
 * Where reactions float: a layer over the scoreboard (and the watchers'
 * line), which the board's rows are found in by their player's id. The
 * rows are rebuilt as the scores move; the layer stays, so a reaction
 * keeps floating while they do.
 */
export class ReactionFloats {
  readonly element: HTMLElement;
  private readonly layer = h('div', { class: 'reaction-layer', 'aria-hidden': 'true' });

  constructor(...content: HTMLElement[]) {
    this.element = h('div', { class: 'scoreboard-box' }, ...content, this.layer);
  }

  /** Floats `reaction` over its sender's row; a sender with no row on screen gets none. */
  show(reaction: ReactionEvent): void {
    const row =
      this.element.querySelector<HTMLElement>(`[data-player="${CSS.escape(reaction.from)}"]`) ??
      this.element.querySelector<HTMLElement>('[data-watchers]:not(:empty)');
    if (!row) return;
    while (this.layer.childElementCount >= MAX_AFLOAT) this.layer.firstElementChild?.remove();
    const box = this.element.getBoundingClientRect();
    const at = row.getBoundingClientRect();
    const float = h(
      'span',
      { class: 'reaction-float', 'data-from': reaction.from },
      reaction.emoji,
    );
    // Over the row's right end, a little apart from the last one there.
    const offset = (this.layer.childElementCount % 3) * 1.4;
    float.style.top = `${at.top - box.top + at.height / 2}px`;
    float.style.right = `${0.4 + offset}rem`;
    this.layer.append(float);
    window.setTimeout(() => float.remove(), FLOAT_MS);
  }
}

/** For the host, a spectator's name as the button of the host's menu (host-menu.ts), or null. */
export type WatcherMenu = (spectator: SpectatorInfo) => HTMLElement | null;

/**
 * A list of the room's players (the game's scoreboard, the lobby's players,
 * the results' ranking: rows marked `data-player`) with the watchers' line
 * under it, and the reactions floating over both. The list is redrawn by
 * whoever owns it; `update` redraws the watchers' line.
 */
export class PeopleBoard {
  readonly element: HTMLElement;
  private watchers: HTMLElement = h('p');
  private readonly floats: ReactionFloats;

  constructor(
    list: HTMLElement,
    private readonly menu?: WatcherMenu,
  ) {
    this.floats = new ReactionFloats(list, this.watchers);
    this.element = this.floats.element;
  }

  /** The watchers as the room lists them now. */
  update(room: RoomState): void {
    const watchers = watchersLine(room, this.menu);
    this.watchers.replaceWith(watchers);
    this.watchers = watchers;
  }

  /** Floats a reaction over its sender's row (or the watchers' line). */
  react(reaction: ReactionEvent): void {
    this.floats.show(reaction);
  }
}

/** What the room screen knows of the browser's part in the room beyond a seat. */
export interface RoomAudience {
  /** Watching without a seat. */
  spectating: boolean;
  /** A spectator takes a seat (the bar's button). */
  join(): void;
  /** Sends a reaction; absent when the server has none. */
  react?(emoji: Reaction): Promise<string | undefined>;
}
