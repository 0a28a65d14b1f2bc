/**
 * The room screens: the lobby, the game and the results, one element tree
 * updated in place as events arrive, so the guess field keeps its focus and
 * feedback never moves the layout.
 */
import type { GameEnded, GuessResult, RoomState } from '../../../protocol/types.js';
import type { ScopeInfo } from '../api.js';
import { h } from '../dom.js';
import { countOf, formatNumber, formatPercent } from '../format.js';
import type { PlaceMap } from '../map/place-map.js';
import { RoomMap } from '../map/room-map.js';
import { populationShare, type RoomView } from '../state/room-view.js';
import { latestFindItems, placeLabel, playerName, scoreboardItems } from './game-lists.js';
import { DURATIONS, scopeChooser } from './home.js';

export interface RoomActions {
  guess(text: string): Promise<GuessResult | { error: string }>;
  changeSettings(settings: Partial<RoomState['settings']>): void;
  start(): void;
  end(): void;
  rematch(): void;
}

export class RoomScreen {
  readonly element: HTMLElement;
  private view: RoomView | undefined;
  private ended: GameEnded | undefined;
  private readonly header = h('div', { class: 'room-header' });
  private readonly body = h('div', { class: 'room-body' });
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'log' });
  private renderedPhase = '';
  private gameParts?: GameParts;
  private timer?: number;
  private map?: RoomMap;

  constructor(
    private readonly me: string,
    private readonly scopes: readonly ScopeInfo[],
    private readonly actions: RoomActions,
  ) {
    this.element = h('div', { class: 'room' }, this.header, this.body, this.announcer);
  }

  /** Shows a new state of the room; `find` names the find that caused it, for the announcement. */
  update(view: RoomView, find?: RoomState['found'][number]): void {
    this.view = view;
    const { room } = view;
    this.renderHeader(room);
    if (room.phase !== this.renderedPhase) {
      this.renderedPhase = room.phase;
      this.body.replaceChildren();
      this.gameParts = undefined;
      this.map?.destroy();
      this.map = undefined;
      if (room.phase === 'lobby') this.ended = undefined;
    }
    if (room.phase === 'lobby') this.renderLobby(view);
    else if (room.phase === 'playing') this.renderGame(view, find);
    else this.renderResults(view);
    if (find)
      this.announcer.textContent = `${playerName(view, find.playerId)} found ${find.place.name}`;
  }

  showResults(ended: GameEnded): void {
    this.ended = ended;
    if (this.view) this.renderResults(this.view);
  }

  dispose(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.map?.destroy();
  }

  private renderHeader(room: RoomState) {
    const link = `${location.origin}/r/${room.code}`;
    const copy = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: (() => {
          void navigator.clipboard?.writeText(link).then(() => (copy.textContent = 'Copied'));
        }) as EventListener,
      },
      'Copy link',
    );
    const scope = this.scopes.find((s) => s.id === room.settings.scope);
    this.header.replaceChildren(
      h('span', { class: 'room-code' }, `Room ${room.code}`),
      h(
        'span',
        { class: 'muted' },
        ` · ${scope?.name ?? room.settings.scope} · ${room.settings.mode}`,
      ),
      h('a', { href: link, class: 'room-link' }, link),
      copy,
    );
  }

  private isHost() {
    return this.view?.room.hostId === this.me;
  }

  private renderLobby(view: RoomView) {
    const { room } = view;
    const players = h(
      'ul',
      { class: 'players', 'aria-label': 'Players' },
      ...room.players.map((p) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch', style: `background:${p.color}` }),
          p.nickname,
          p.id === room.hostId ? h('span', { class: 'muted' }, ' (host)') : null,
          p.connected ? null : h('span', { class: 'muted' }, ' (disconnected)'),
        ),
      ),
    );
    const settings = this.isHost() ? this.hostSettings(room) : this.settingsSummary(room);
    this.body.replaceChildren(
      h('section', { class: 'card' }, h('h2', {}, 'Players'), players),
      h('section', { class: 'card' }, h('h2', {}, 'Settings'), settings),
      this.isHost()
        ? h(
            'button',
            {
              type: 'button',
              class: 'start',
              onclick: (() => this.actions.start()) as EventListener,
            },
            'Start',
          )
        : h('p', { class: 'muted' }, 'Waiting for the host to start…'),
    );
  }

  private settingsSummary(room: RoomState) {
    const scope = this.scopes.find((s) => s.id === room.settings.scope);
    const duration =
      DURATIONS.find(([s]) => s === room.settings.durationSec)?.[1] ??
      `${room.settings.durationSec / 60} minutes`;
    return h(
      'dl',
      {},
      h('dt', {}, 'Quiz'),
      h(
        'dd',
        {},
        `${scope?.name ?? room.settings.scope} (${formatNumber(room.totals.places)} places)`,
      ),
      h('dt', {}, 'Mode'),
      h('dd', {}, room.settings.mode),
      h('dt', {}, 'Duration'),
      h('dd', {}, duration),
    );
  }

  private hostSettings(room: RoomState) {
    const quiz = scopeChooser(this.scopes, room.settings.scope, 'lobby-quiz');
    quiz.input.addEventListener('change', () => {
      const scope = quiz.value();
      if (scope && scope !== room.settings.scope) this.actions.changeSettings({ scope });
    });
    const mode = h(
      'select',
      {
        id: 'lobby-mode',
        onchange: ((e: Event) =>
          this.actions.changeSettings({
            mode: (e.target as HTMLSelectElement).value as RoomState['settings']['mode'],
          })) as EventListener,
      },
      ...(['race', 'parallel', 'coop'] as const).map((m) =>
        h('option', { value: m, selected: m === room.settings.mode }, m),
      ),
    );
    const duration = h(
      'select',
      {
        id: 'lobby-duration',
        onchange: ((e: Event) =>
          this.actions.changeSettings({
            durationSec: Number((e.target as HTMLSelectElement).value),
          })) as EventListener,
      },
      ...DURATIONS.map(([s, label]) =>
        h('option', { value: s, selected: s === room.settings.durationSec }, label),
      ),
    );
    return h(
      'div',
      { class: 'settings' },
      h('label', { for: 'lobby-quiz' }, 'Quiz'),
      ...quiz.elements,
      h('p', { class: 'muted' }, `${formatNumber(room.totals.places)} places`),
      h('label', { for: 'lobby-mode' }, 'Mode'),
      mode,
      h('label', { for: 'lobby-duration' }, 'Duration'),
      duration,
    );
  }

  private renderGame(view: RoomView, find?: RoomState['found'][number]) {
    if (!this.gameParts) {
      this.gameParts = buildGame(this.actions, () => this.isHost());
      this.body.replaceChildren(this.gameParts.element);
      this.gameParts.input.focus();
      // Loads PixiJS and the scope's shapes only now, when a game is on.
      this.map = new RoomMap(this.gameParts.map, view.room.settings.scope);
      if (this.timer !== undefined) window.clearInterval(this.timer);
      this.timer = window.setInterval(() => this.tick(), 250);
    }
    const parts = this.gameParts;
    parts.scoreboard.replaceChildren(...scoreboardItems(view));
    parts.totals.textContent = `Room: ${formatNumber(view.room.progress.places)} of ${formatNumber(view.room.totals.places)} places · ${formatPercent(populationShare(view))} of the population`;
    if (find || parts.feed.childElementCount === 0) {
      parts.feed.replaceChildren(...latestFindItems(view));
    }
    parts.endButton.hidden = !this.isHost();
    this.map?.show(view, find !== undefined);
    this.tick();
  }

  private tick() {
    const room = this.view?.room;
    if (!this.gameParts || !room) return;
    if (room.endsAt === null) {
      this.gameParts.timer.textContent = 'Untimed';
      return;
    }
    const left = Math.max(0, Math.round((room.endsAt - Date.now()) / 1000));
    this.gameParts.timer.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  }

  private renderResults(view: RoomView) {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.body.replaceChildren(
      renderResults(
        this.ended,
        view.room,
        this.isHost() ? () => this.actions.rematch() : undefined,
      ),
    );
  }
}

interface GameParts {
  element: HTMLElement;
  map: HTMLElement;
  input: HTMLInputElement;
  scoreboard: HTMLElement;
  feed: HTMLElement;
  totals: HTMLElement;
  timer: HTMLElement;
  endButton: HTMLButtonElement;
}

function buildGame(actions: RoomActions, isHost: () => boolean): GameParts {
  const input = h('input', {
    id: 'guess',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'words',
    spellcheck: 'false',
    maxlength: 200,
  });
  const feedback = h('p', { class: 'feedback', role: 'status' }, ' ');
  const scoreboard = h('ol', { class: 'scoreboard', 'aria-label': 'Scoreboard' });
  const feed = h('ul', { class: 'feed', 'aria-label': 'Latest finds' });
  const totals = h('p', { class: 'totals' });
  const timer = h('span', { class: 'timer', 'aria-label': 'Time left' });
  const endButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: (() => isHost() && actions.end()) as EventListener,
    },
    'End game',
  );
  const form = h(
    'form',
    {
      class: 'guess-form',
      onsubmit: (async (event: Event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        input.value = '';
        const result = await actions.guess(text);
        feedback.className = `feedback ${'kind' in result ? result.kind : 'error'}`;
        feedback.textContent = describeResult(result);
      }) as unknown as EventListener,
    },
    h('label', { for: 'guess' }, 'Name a place'),
    input,
    feedback,
  );
  const map = h('div', { class: 'map', id: 'map', 'aria-hidden': 'true' });
  const element = h(
    'div',
    { class: 'game' },
    map,
    h(
      'div',
      { class: 'side' },
      h('div', { class: 'clock' }, timer, endButton),
      form,
      totals,
      h('h2', {}, 'Scoreboard'),
      scoreboard,
      h('h2', {}, 'Latest finds'),
      feed,
    ),
  );
  return { element, map, input, scoreboard, feed, totals, timer, endButton };
}

function describeResult(result: GuessResult | { error: string }): string {
  if ('error' in result) return result.error;
  switch (result.kind) {
    case 'found':
      return `Found ${placeLabel(result.place)}`;
    case 'taken':
      return `${result.place.name} was already taken`;
    case 'repeat':
      return `You already named ${result.place.name}`;
    case 'miss':
      return 'Not found';
  }
}

/** The results: the saved game when known, else the room's last state. */
/** The results map on screen, if any: one WebGL context at a time. */
let resultsMap: PlaceMap | undefined;

const MISSED_COLOR = '#1d2733';

/** Every find in its finder's colour, and the largest places nobody named in ink. */
async function showResultsMap(element: HTMLElement, ended: GameEnded) {
  const { PlaceMap } = await import('../map/place-map.js');
  const map = await PlaceMap.create(element, ended.results.settings.scope);
  if (!element.isConnected) return map.destroy();
  resultsMap?.destroy();
  resultsMap = map;
  // The missed first, so that no find hides under one.
  for (const place of ended.missed) {
    map.add({ place, color: MISSED_COLOR, label: `${placeLabel(place)} — nobody named it` }, false);
  }
  for (const player of ended.results.ranking) {
    for (const find of player.finds) {
      map.add(
        {
          place: find.place,
          color: player.color,
          label: `${placeLabel(find.place)} — ${player.nickname}`,
        },
        false,
      );
    }
  }
}

export function renderResults(
  ended: GameEnded | undefined,
  room: RoomState | undefined,
  rematch?: () => void,
): HTMLElement {
  const results = ended?.results;
  const ranking = results?.ranking ?? [];
  resultsMap?.destroy();
  resultsMap = undefined;
  let map: HTMLElement | null = null;
  if (ended) {
    map = h('div', {
      class: 'map results-map',
      'aria-label': 'Map of the finds and the largest places nobody named',
      role: 'img',
    });
    const target = map;
    // After the element is in the page, so the map knows its size.
    requestAnimationFrame(
      () =>
        void showResultsMap(target, ended).catch((error: unknown) =>
          console.error('the results map could not be drawn', error),
        ),
    );
  }
  return h(
    'section',
    { class: 'results' },
    h('h1', {}, 'Results'),
    map,
    results
      ? h(
          'p',
          {},
          `${formatPercent(results.populationShare)} of the population named · `,
          h('a', { href: `/g/${results.gameId}` }, 'Share this result'),
        )
      : h('p', { class: 'muted' }, 'Saving the results…'),
    h(
      'ol',
      { class: 'ranking', 'aria-label': 'Ranking' },
      ...ranking.map((p) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch', style: `background:${p.color}` }),
          h('strong', {}, p.nickname),
          ` · ${countOf(p.score, 'place')} · ${formatNumber(p.population)} people · ${countOf(p.capitals, 'capital')}`,
          h(
            'details',
            {},
            h('summary', {}, 'Places'),
            h('p', {}, p.finds.map((f) => f.place.name).join(', ') || '—'),
          ),
        ),
      ),
    ),
    ended && ended.missed.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'The largest places nobody named (dark dots on the map)'),
          h('ol', { class: 'missed' }, ...ended.missed.map((p) => h('li', {}, placeLabel(p)))),
        )
      : null,
    rematch
      ? h('button', { type: 'button', onclick: (() => rematch()) as EventListener }, 'Play again')
      : room
        ? h('p', { class: 'muted' }, 'The host can start another game.')
        : null,
  );
}
