/**
 * The host's menu on a player's row (feature `host-tools`): make them
 * host, mute or unmute their chat, remove them from the room; on a
 * spectator's name (feature `spectate`) the last two. One menu for
 * the whole room screen, shown over the page (a popover), so that the
 * lists it is opened from may be redrawn under it — the scoreboard is, at
 * every find — without closing it.
 */
import type { Player, RoomState } from '../../../protocol/types.js';
import { h } from '../dom.js';

/** Whom the menu is for: a player, or a spectator (no seat: `connected` absent, never host). */
export type Person = Pick<Player, 'id' | 'nickname' | 'muted'> & { connected?: boolean };

export interface HostActions {
  kick(playerId: string): void;
  mute(playerId: string, muted: boolean): void;
  makeHost(playerId: string): void;
}

export class HostMenu {
  readonly element = h('div', {
    class: 'host-menu',
    id: 'host-menu',
    role: 'menu',
    popover: 'auto',
  });

  constructor(
    private readonly me: string,
    private readonly actions: HostActions,
  ) {}

  /**
   * The "⋯" of a player's row, for the host, on every row but their own;
   * null otherwise. With `label` (a spectator's name in the watchers' line),
   * the button is the name itself, so that the line reads as before.
   */
  button(player: Person, room: RoomState, label?: string): HTMLElement | null {
    if (room.hostId !== this.me || player.id === this.me) return null;
    const button = h(
      'button',
      {
        type: 'button',
        class: label ? 'quiet small watcher-menu' : 'quiet small player-menu',
        'aria-haspopup': 'menu',
        'aria-label': label ? `${label}: host actions` : `Host actions for ${player.nickname}`,
        title: 'Host actions',
      },
      label ?? '⋯',
    );
    button.addEventListener('click', () => this.open(button, player));
    return button;
  }

  private open(anchor: HTMLElement, player: Person): void {
    const item = (label: string, act: () => void) =>
      h(
        'button',
        {
          type: 'button',
          role: 'menuitem',
          onclick: (() => {
            this.element.hidePopover();
            act();
          }) as EventListener,
        },
        label,
      );
    this.element.replaceChildren(
      h('p', { class: 'host-menu-title' }, h('bdi', {}, player.nickname)),
      ...(player.connected ? [item('Make host', () => this.actions.makeHost(player.id))] : []),
      player.muted
        ? item('Let them chat', () => this.actions.mute(player.id, false))
        : item('Mute their chat', () => this.actions.mute(player.id, true)),
      item('Remove from the room', () => this.actions.kick(player.id)),
    );
    // Below the button, kept inside the window.
    const at = anchor.getBoundingClientRect();
    this.element.showPopover();
    const width = this.element.offsetWidth;
    this.element.style.left = `${Math.max(8, Math.min(at.right - width, innerWidth - width - 8))}px`;
    this.element.style.top = `${Math.min(at.bottom + 4, innerHeight - this.element.offsetHeight - 8)}px`;
    this.element.querySelector('button')?.focus();
  }
}
