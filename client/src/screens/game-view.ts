/**
 * The game as it runs: the map, the clock, the guess field with its
 * feedback, the room's progress, the scoreboard and the finds. Built once
 * per game and updated in place, so the guess field keeps its focus and
 * the feedback never moves the layout.
 *
 * The feedback is written the moment the guess's answer arrives and never
 * waits for the map: the map draws on its own animation frames, and its
 * frames are cheap (see place-map.ts).
 */
import type { Find, Reaction, ReactionEvent, RoomState } from '../../../protocol/types.js';
import { isolate, sentenceNodes } from '../bidi.js';
import { h } from '../dom.js';
import { countOf, formatNumber, formatPercent } from '../format.js';
import { afterNextPaint, FEEDBACK_MEASURE, measureTo } from '../latency-marks.js';
import { RoomMap } from '../map/room-map.js';
import type { PlaceNamer } from '../place-names.js';
import { populationShare, type RoomView } from '../state/room-view.js';
import type { GuessOutcome } from '../state/guess-outcome.js';
import { PeopleBoard, reactionBar } from './audience.js';
import { describeGuess, feedbackKind } from './feedback.js';
import { findItem, latestFindItems, playerName, scoreboardItems } from './game-lists.js';
import type { Person } from './host-menu.js';

export interface GameContext {
  guess(text: string): Promise<GuessOutcome>;
  end(): void;
  isHost(): boolean;
  names(): PlaceNamer;
  /** After a guess's feedback is shown: sounds. */
  answered(outcome: GuessOutcome): void;
  /** Watching without a seat: no guess field (feature `spectate`). */
  spectating?: boolean;
  /** Sends a reaction (feature `reactions`); absent: no reaction buttons. */
  react?(emoji: Reaction): Promise<string | undefined>;
  /** The room's chat panel (feature `chat`), folded: it never takes the guess field's focus. */
  chat?: HTMLElement;
  /** The host's menu on a player's row or a spectator's name (feature `host-tools`), or null. */
  playerMenu?(player: Person, label?: string): HTMLElement | null;
}

export class GameView {
  readonly element: HTMLElement;
  private readonly input = h('input', {
    id: 'guess',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'words',
    spellcheck: 'false',
    enterkeyhint: 'send',
    maxlength: 200,
  });
  private readonly feedback = h('p', { class: 'feedback', role: 'status' }, ' ');
  private readonly scoreboard = h('ol', { class: 'scoreboard', 'aria-label': 'Scoreboard' });
  /** The scoreboard and the watchers, with the reactions floating over them. */
  private readonly board = new PeopleBoard(
    this.scoreboard,
    (w) => this.ctx.playerMenu?.(w, w.nickname) ?? null,
  );
  private readonly feed = h('ul', { class: 'feed', 'aria-label': 'Latest finds' });
  private readonly allFinds = h('ol', { class: 'all-finds-list', reversed: true });
  private readonly allFindsSummary = h('summary', { id: 'all-finds' }, 'Every find');
  private readonly allFindsBox = h(
    'details',
    { class: 'all-finds' },
    this.allFindsSummary,
    this.allFinds,
  );
  private readonly totals = h('p', { class: 'totals' });
  private readonly timer = h('span', { class: 'timer', role: 'timer', 'aria-label': 'Time left' });
  private readonly endButton: HTMLButtonElement;
  private readonly mapElement = h('div', {
    class: 'map',
    id: 'map',
    role: 'img',
    'aria-describedby': 'all-finds',
  });
  private readonly map: RoomMap;
  private view: RoomView;
  private ticker: number;
  /** When Enter was pressed for the guess being sent (performance.now() time). */
  private enterAt: number | undefined;

  /** `view` is the room as the game starts; the element must be put in the page before `start()`. */
  constructor(
    view: RoomView,
    private readonly ctx: GameContext,
  ) {
    this.view = view;
    this.endButton = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: (() => ctx.isHost() && ctx.end()) as EventListener,
      },
      'End game',
    );
    this.element = h(
      'div',
      { class: 'game' },
      this.mapElement,
      h(
        'div',
        { class: 'side' },
        h('div', { class: 'clock' }, this.timer, this.endButton),
        ctx.spectating ? null : this.guessForm(),
        ctx.chat ?? null,
        this.totals,
        h('h2', {}, 'Scoreboard'),
        ctx.react ? reactionBar(ctx.react) : null,
        this.board.element,
        h('h2', {}, 'Latest finds'),
        this.feed,
        this.allFindsBox,
      ),
    );
    this.allFindsBox.addEventListener('toggle', () => this.listAllFinds());
    this.map = new RoomMap(this.mapElement, view.room.settings.scope, ctx.names);
    this.ticker = window.setInterval(() => this.tick(), 250);
  }

  /** Once in the page: the map takes its size, the guess field the focus. */
  start(): void {
    this.input.focus();
    this.update(this.view);
  }

  update(view: RoomView, find?: Find, receivedAt?: number): void {
    this.view = view;
    const { room } = view;
    this.scoreboard.replaceChildren(...scoreboardItems(view, this.ctx.playerMenu));
    this.board.update(room);
    this.totals.textContent = `Room: ${formatNumber(room.progress.places)} of ${countOf(room.totals.places, 'place')} · ${formatPercent(populationShare(view))} of the population`;
    if (find || this.feed.childElementCount === 0) {
      this.feed.replaceChildren(...latestFindItems(view, this.ctx.names()));
    }
    if (find && this.allFindsBox.open) {
      this.allFinds.prepend(findItem(view, find, this.ctx.names()));
    }
    const count = room.found.length;
    this.allFindsSummary.textContent = `Every find (${formatNumber(count)})`;
    this.mapElement.setAttribute(
      'aria-label',
      `Map of the finds: ${countOf(count, 'marker')}, each in its finder's colour. Every find is listed below.`,
    );
    this.endButton.hidden = !this.ctx.isHost();
    this.map.show(view, find !== undefined, receivedAt);
    this.tick();
  }

  /** Floats a reaction over its sender's row. */
  react(reaction: ReactionEvent): void {
    this.board.react(reaction);
  }

  destroy(): void {
    window.clearInterval(this.ticker);
    this.map.destroy();
  }

  private guessForm(): HTMLFormElement {
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.enterAt = event.timeStamp;
    });
    return h(
      'form',
      {
        class: 'guess-form',
        onsubmit: ((event: Event) => {
          event.preventDefault();
          void this.send();
        }) as EventListener,
      },
      h('label', { for: 'guess' }, 'Name a place'),
      this.input,
      this.feedback,
    );
  }

  private async send() {
    const started = this.enterAt ?? performance.now();
    this.enterAt = undefined;
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    const outcome = await this.ctx.guess(text);
    this.feedback.className = `feedback ${feedbackKind(outcome)}`;
    // Who took a place, and what was typed, are isolated in the sentence (bidi.ts).
    const said = describeGuess(outcome, isolate(text), {
      names: this.ctx.names(),
      mode: this.view.room.settings.mode,
      nickname: (id) => isolate(playerName(this.view, id)),
    });
    this.feedback.replaceChildren(...sentenceNodes(said));
    afterNextPaint(() => measureTo(FEEDBACK_MEASURE, started));
    this.ctx.answered(outcome);
  }

  /** The full list, newest first, built when it is opened (it may hold thousands). */
  private listAllFinds() {
    if (!this.allFindsBox.open) return this.allFinds.replaceChildren();
    const names = this.ctx.names();
    const items = this.view.room.found.map((find) => findItem(this.view, find, names));
    this.allFinds.replaceChildren(...items.reverse());
  }

  private tick() {
    const { room } = this.view;
    this.timer.textContent = timeLeft(room);
  }
}

function timeLeft(room: RoomState): string {
  if (room.endsAt === null) return 'Untimed';
  const left = Math.max(0, Math.round((room.endsAt - Date.now()) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}
