/**
 * The lobby: who is in the room (the players, who watches, the reactions
 * floating over their rows), the quiz and how it is played, and for the host
 * the settings and the Start button.
 */
import type {
  Player,
  Reaction,
  ReactionEvent,
  RoomState,
  Settings,
} from '../../../protocol/types.js';
import type { ScopeInfo } from '../api.js';
import { NICKNAME } from '../bidi.js';
import { h } from '../dom.js';
import { countOf } from '../format.js';
import { PeopleBoard, reactionBar } from './audience.js';
import { DURATIONS, scopeChooser } from './home.js';
import type { Person } from './host-menu.js';
import { LobbyCountdown } from './lobby-countdown.js';

export interface LobbyContext {
  me: string;
  scopes: readonly ScopeInfo[];
  changeSettings(settings: Partial<Settings>): void;
  start(): void;
  /** Holds a public lobby's countdown (host only). */
  hold(): void;
  /** The host's menu on a player's row or a spectator's name (feature `host-tools`), or null. */
  playerMenu?(player: Person, label?: string): HTMLElement | null;
  /** Sends a reaction (feature `reactions`); absent: no reaction buttons. */
  react?(emoji: Reaction): Promise<string | undefined>;
}

const MODE_NAMES: Record<Settings['mode'], string> = {
  race: 'Race: first to name a place gets it',
  parallel: 'Parallel: everyone plays the whole quiz',
  coop: 'Co-op: one team against the clock',
};

export const durationName = (seconds: number): string =>
  DURATIONS.find(([s]) => s === seconds)?.[1] ?? `${Math.round(seconds / 60)} minutes`;

export const scopeName = (scopes: readonly ScopeInfo[], id: string): string =>
  scopes.find((s) => s.id === id)?.name ?? id;

/**
 * The lobby, updated in place as players come and go: the quiz's settings
 * are built again only when they change, so a host typing in the quiz
 * chooser keeps the field, its suggestions and the focus.
 */
export class LobbyView {
  readonly element = h('div', { class: 'lobby' });
  private readonly players = h('section', { class: 'card' });
  private readonly playerList = h('ul', { class: 'players', 'aria-label': 'Players' });
  /** The players and the watchers, with the reactions floating over them. */
  private readonly people: PeopleBoard;
  private readonly quiz = h('section', { class: 'card' });
  private readonly footer = h('div', { class: 'lobby-footer' });
  private settingsKey = '';
  private readonly countdown: LobbyCountdown;

  constructor(private readonly ctx: LobbyContext) {
    this.countdown = new LobbyCountdown(() => ctx.hold());
    this.people = new PeopleBoard(this.playerList, (w) => ctx.playerMenu?.(w, w.nickname) ?? null);
    this.players.append(
      h('h2', {}, 'Players'),
      ...(ctx.react ? [reactionBar(ctx.react)] : []),
      this.people.element,
    );
    this.element.append(this.players, this.quiz, this.footer);
  }

  update(room: RoomState): void {
    const isHost = room.hostId === this.ctx.me;
    this.playerList.replaceChildren(...playerItems(room, this.ctx.me, this.ctx.playerMenu));
    this.people.update(room);
    const key = JSON.stringify([isHost, room.settings, room.totals.places]);
    if (key !== this.settingsKey) {
      this.settingsKey = key;
      this.quiz.replaceChildren(
        h('h2', {}, 'Quiz'),
        // A daily room's quiz is everyone's today: its host has nothing to set.
        isHost && !room.settings.daily
          ? hostSettings(room, this.ctx)
          : settingsSummary(room, this.ctx.scopes),
      );
    }
    const countdown = this.countdown.update(room.startsAt, isHost);
    this.footer.replaceChildren(
      ...(countdown ? [countdown] : []),
      isHost ? this.startButton() : countdown ? '' : waiting(room),
    );
  }

  /** Floats a reaction over its sender's row. */
  react(reaction: ReactionEvent): void {
    this.people.react(reaction);
  }

  /** The control a player is most likely to want next: Start, for the host. */
  next(): HTMLElement | null {
    return this.footer.querySelector('button.start');
  }

  private startButton(): HTMLElement {
    return h(
      'button',
      { type: 'button', class: 'start', onclick: (() => this.ctx.start()) as EventListener },
      'Start the game',
    );
  }
}

function waiting(room: RoomState): HTMLElement {
  const host = room.players.find((p) => p.id === room.hostId);
  const name = host ? h('bdi', {}, host.nickname) : 'the host';
  return h(
    'p',
    { class: 'muted waiting' },
    'Waiting for ',
    name,
    host?.connected === false
      ? ' (host), who is away; if they do not come back soon, someone here becomes host.'
      : ' to start…',
  );
}

function playerItems(
  room: RoomState,
  me: string,
  menu: (player: Player) => HTMLElement | null = () => null,
): HTMLElement[] {
  return room.players.map((p) =>
    h(
      'li',
      { 'data-player': p.id },
      h('span', { class: 'swatch', style: `background:${p.color}` }),
      h('span', { class: `name ${NICKNAME}` }, p.nickname),
      p.id === me ? h('span', { class: 'muted' }, ' (you)') : null,
      p.id === room.hostId ? h('span', { class: 'badge' }, 'host') : null,
      p.connected ? null : h('span', { class: 'muted' }, ' · away'),
      p.muted ? h('span', { class: 'muted' }, ' · muted') : null,
      menu(p),
    ),
  );
}

function settingsSummary(room: RoomState, scopes: readonly ScopeInfo[]): HTMLElement {
  const { settings } = room;
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, 'Quiz'),
    h('dd', {}, `${scopeName(scopes, settings.scope)} (${countOf(room.totals.places, 'place')})`),
    h('dt', {}, 'Mode'),
    h('dd', {}, MODE_NAMES[settings.mode]),
    h('dt', {}, 'Duration'),
    h('dd', {}, durationName(settings.durationSec)),
    ...(settings.daily
      ? [
          h('dt', {}, 'Daily'),
          h(
            'dd',
            {},
            'Today’s quiz for everyone: each player’s first game of the day goes on the board',
          ),
        ]
      : []),
  );
}

function hostSettings(room: RoomState, ctx: LobbyContext): HTMLElement {
  const { settings } = room;
  const quiz = scopeChooser(ctx.scopes, settings.scope, 'lobby-quiz');
  quiz.input.addEventListener('change', () => {
    const scope = quiz.value();
    if (scope && scope !== settings.scope) ctx.changeSettings({ scope });
  });
  const select = (id: string, options: [string | number, string][], current: string | number) =>
    h(
      'select',
      { id },
      ...options.map(([value, label]) =>
        h('option', { value, selected: value === current }, label),
      ),
    );
  const mode = select('lobby-mode', Object.entries(MODE_NAMES), settings.mode);
  mode.addEventListener('change', () =>
    ctx.changeSettings({ mode: mode.value as Settings['mode'] }),
  );
  const duration = select('lobby-duration', DURATIONS, settings.durationSec);
  duration.addEventListener('change', () =>
    ctx.changeSettings({ durationSec: Number(duration.value) }),
  );
  return h(
    'div',
    { class: 'settings' },
    h('label', { for: 'lobby-quiz' }, 'Quiz'),
    ...quiz.elements,
    h('p', { class: 'muted' }, countOf(room.totals.places, 'place')),
    h('label', { for: 'lobby-mode' }, 'Mode'),
    mode,
    h('label', { for: 'lobby-duration' }, 'Duration'),
    duration,
  );
}
