/**
 * The room screen: the lobby, the game and the results under one header,
 * switched as the room's phase changes, with what is said to everyone (a
 * new host, a refused command) in one notice line.
 *
 * A guest who is reading the results keeps them on screen when the host
 * sets up the next game, until they choose to join it.
 */
import type {
  ErrorCode,
  Find,
  GameEnded,
  ReactionEvent,
  RoomState,
} from '../../../protocol/types.js';
import { fetchRegions, type ScopeInfo } from '../api.js';
import { isolate, sentenceNodes } from '../bidi.js';
import { h } from '../dom.js';
import { sentenceFor, type Action } from '../messages.js';
import { PlaceNamer, spansCountries } from '../place-names.js';
import type { RoomCommands } from '../net/room-session.js';
import { play } from '../sound.js';
import type { RoomView } from '../state/room-view.js';
import { spectatorBar, type RoomAudience } from './audience.js';
import { GameView } from './game-view.js';
import { playerName } from './game-lists.js';
import { LobbyView, scopeName } from './lobby-view.js';
import type { RoomChat } from '../net/room-chat.js';
import type { ChatLog } from '../state/chat-log.js';
import { RoomPeople } from './room-people.js';
import { renderResults, type RenderedResults } from './results-view.js';
import { dailyResults } from './daily-results.js';
import { namingLine } from './naming-line.js';

/** How long a notice ("Ben is now the host") stays. */
const NOTICE_MS = 8000;

type Shown = 'lobby' | 'playing' | 'results';

export class RoomScreen {
  readonly element: HTMLElement;
  private view: RoomView | undefined;
  private ended: GameEnded | undefined;
  private readonly header = h('div', { class: 'room-header' });
  private readonly notice = h('p', { class: 'notice', role: 'status' });
  private readonly body = h('div', { class: 'room-body' });
  /** A spectator's bar: watching, and the way in (audience.ts). */
  private readonly spectatorSlot = h('div');
  private spectatorKey = '';
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'log' });
  private shown: Shown | undefined;
  /** The results the screen shows, when it shows them. */
  private resultsOf: GameEnded | undefined;
  /** What comes after the results; it changes as the host sets up the next game. */
  private readonly nextBar = h('div', { class: 'next', role: 'status' });
  private game: GameView | undefined;
  /** Lets the results' map go when the results leave the screen. */
  private disposeResults: (() => void) | undefined;
  /** The results' ranking and watchers, that reactions float over. */
  private resultsPeople: RenderedResults['people'];
  private lobby: LobbyView | undefined;
  private headerKey = '';
  private noticeTimer: number | undefined;
  private namer: PlaceNamer;
  private namerScope = '';
  /** The chat and the host's menu (room-people.ts), when the server speaks them. */
  private readonly people: RoomPeople | undefined;

  constructor(
    private readonly me: string,
    private readonly scopes: readonly ScopeInfo[],
    private readonly actions: RoomCommands,
    private readonly audience: RoomAudience = { spectating: false, join: () => {} },
    chat?: RoomChat,
  ) {
    // The notice sits in the header's row: when it comes and goes, the map keeps its size.
    this.element = h(
      'div',
      { class: 'room' },
      h('div', { class: 'room-top' }, this.header, this.notice),
      this.spectatorSlot,
      this.body,
      this.announcer,
    );
    if (chat) {
      this.people = new RoomPeople({
        me,
        chat,
        kick: (id) => actions.kick(id),
        mute: (id, muted) => actions.mute(id, muted),
        makeHost: (id) => actions.makeHost(id),
        changeSettings: (settings) => actions.changeSettings(settings),
        say: (message) => this.say(message),
      });
      this.element.append(this.people.menu.element);
    }
    this.namer = new PlaceNamer({}, this.countryNames(), false);
  }

  /** Shows a new state of the room; `find` is the find that caused it, received at `receivedAt`. */
  update(view: RoomView, find?: Find, receivedAt?: number): void {
    const before = this.view?.room;
    this.view = view;
    const { room } = view;
    this.loadNames(room.settings.scope);
    this.renderHeader(room);
    const spectatorKey = `${room.phase}|${room.settings.mode}`;
    if (this.audience.spectating && spectatorKey !== this.spectatorKey) {
      this.spectatorKey = spectatorKey;
      this.spectatorSlot.replaceChildren(spectatorBar(room, () => this.audience.join()));
    }
    if (before && before.hostId !== room.hostId) this.announceHost(room);
    this.people?.update(room);
    this.show(view, find, receivedAt);
    if (find)
      this.announcer.textContent = `${playerName(view, find.playerId)} found ${find.place.name}`;
  }

  /** The game's results arrived (after the room's `finished` state). */
  showResults(ended: GameEnded): void {
    this.ended = ended;
    play('end');
    if (this.view) this.show(this.view);
  }

  /** The room's chat changed (feature `chat`). */
  showChat(log: ChatLog): void {
    this.people?.showChat(log);
  }

  /** Someone in the room reacted: it floats over their row, in the lobby, the game or the results. */
  react(reaction: ReactionEvent): void {
    this.game?.react(reaction);
    this.lobby?.react(reaction);
    this.resultsPeople?.react(reaction);
  }

  /** Says something to the room's screen, for a while; names in it marked with `isolate`. */
  say(message: string): void {
    this.notice.replaceChildren(...sentenceNodes(message));
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => (this.notice.textContent = ''), NOTICE_MS);
  }

  dispose(): void {
    this.game?.destroy();
    this.disposeResults?.();
    window.clearTimeout(this.noticeTimer);
  }

  private isHost(): boolean {
    return this.view?.room.hostId === this.me;
  }

  /** Which part the room shows now: the phase, unless a guest is still reading the results. */
  private wanted(room: RoomState): Shown {
    if (room.phase === 'finished') return 'results';
    const reading = this.shown === 'results' && this.ended !== undefined && !this.isHost();
    if (reading) return 'results';
    return room.phase === 'lobby' ? 'lobby' : 'playing';
  }

  private show(view: RoomView, find?: Find, receivedAt?: number) {
    const { room } = view;
    const wanted = this.wanted(room);
    if (wanted === 'playing' && this.shown === 'playing' && this.game) {
      return this.game.update(view, find, receivedAt);
    }
    if (wanted === 'lobby' && this.shown === 'lobby') return this.showLobby(room, false);
    if (wanted === 'results' && this.shown === 'results' && this.resultsOf === this.ended) {
      this.resultsPeople?.update(room);
      return this.renderNext(room);
    }
    const changed = wanted !== this.shown;
    this.game?.destroy();
    this.game = undefined;
    this.disposeResults?.();
    this.disposeResults = undefined;
    this.resultsPeople = undefined;
    this.lobby = undefined;
    this.shown = wanted;
    if (wanted === 'lobby') this.showLobby(room, changed);
    else if (wanted === 'playing') this.showGame(view);
    else this.showResultsNow(room);
  }

  private showLobby(room: RoomState, changed: boolean) {
    this.ended = undefined;
    if (changed || !this.lobby) {
      this.lobby = new LobbyView({
        me: this.me,
        scopes: this.scopes,
        changeSettings: (settings) =>
          void this.run('settings', () => this.actions.changeSettings(settings)),
        start: () => void this.run('start', () => this.actions.start()),
        hold: () => void this.run('hold', () => this.actions.hold()),
        playerMenu: this.people?.menuFor,
        react: this.audience.react,
      });
      this.body.replaceChildren(this.lobby.element);
      if (this.people) this.lobby.element.append(this.people.chatFor('lobby'));
    }
    const wasHost = this.lobby.next() !== null;
    this.lobby.update(room);
    // The start button appears for a new host (or on arrival): it takes the focus.
    if (changed || !wasHost) this.lobby.next()?.focus();
  }

  private showGame(view: RoomView) {
    this.ended = undefined;
    this.game = new GameView(view, {
      guess: (text) => this.actions.guess(text),
      end: () => void this.run('end', () => this.actions.end()),
      isHost: () => this.isHost(),
      spectating: this.audience.spectating,
      react: this.audience.react,
      chat: this.people?.chatFor('playing'),
      playerMenu: this.people?.menuFor,
      names: () => this.namer,
      answered: (outcome) => {
        if ('kind' in outcome && outcome.kind === 'found') play('found');
        else if ('kind' in outcome && outcome.kind === 'taken') play('taken');
      },
    });
    this.body.replaceChildren(this.game.element);
    this.game.start();
  }

  private showResultsNow(room: RoomState) {
    this.resultsOf = this.ended;
    if (!this.ended) {
      this.body.replaceChildren(
        h('p', { class: 'muted saving' }, 'The game is over. Saving the results…'),
        ...(this.people ? [this.people.chatFor('results')] : []),
      );
      return;
    }
    this.renderNext(room);
    const people = this.people;
    const quizName = scopeName(this.scopes, this.ended.results.settings.scope);
    const { element, next, dispose, ...shown } = renderResults(this.ended, {
      namer: this.namer,
      quizName,
      audience: 'players',
      next: this.nextBar,
      daily: dailyResults(this.ended, this.me, quizName),
      naming: namingLine(this.ended, this.me, quizName),
      chat: people?.chatFor('results'),
      room: {
        react: this.audience.react,
        watcherMenu: people && ((w) => people.menuFor(w, w.nickname)),
      },
    });
    this.disposeResults = dispose;
    this.resultsPeople = shown.people;
    this.resultsPeople?.update(room);
    this.body.replaceChildren(element);
    next.focus();
  }

  /** Below the headline: Play again (host), or where the next game stands (guests). */
  private renderNext(room: RoomState) {
    if (room.phase === 'finished') {
      this.nextBar.replaceChildren(
        this.isHost()
          ? button('Play again', () => void this.run('rematch', () => this.actions.rematch()))
          : h(
              'span',
              { class: 'muted' },
              ...sentenceNodes(`${this.hostName(room)} can start another game.`),
            ),
      );
      return;
    }
    const join = button(room.phase === 'playing' ? 'Join the game' : 'Join the next game', () => {
      this.ended = undefined;
      if (this.view) this.show(this.view);
    });
    const said =
      room.phase === 'playing'
        ? 'The next game has started.'
        : `${this.hostName(room)} is setting up the next game.`;
    this.nextBar.replaceChildren(...sentenceNodes(`${said} `), join);
  }

  /** The host's nickname, marked for a sentence (bidi.ts). */
  private hostName(room: RoomState): string {
    const host = room.players.find((p) => p.id === room.hostId);
    return host ? isolate(host.nickname) : 'The host';
  }

  private announceHost(room: RoomState) {
    const message =
      room.hostId === this.me ? 'You are now the host.' : `${this.hostName(room)} is now the host.`;
    this.say(message);
  }

  /** Runs a command; a refusal is said in a sentence. */
  private async run(action: Action, command: () => Promise<ErrorCode | undefined>) {
    const refused = await command();
    if (refused) this.say(sentenceFor(refused, action));
  }

  private renderHeader(room: RoomState) {
    const key = `${room.code}|${room.settings.scope}|${room.settings.mode}`;
    if (key === this.headerKey) return;
    this.headerKey = key;
    const link = `${location.origin}/r/${room.code}`;
    const copy = button('Copy link', () => {
      void navigator.clipboard?.writeText(link).then(() => (copy.textContent = 'Copied'));
    });
    copy.classList.add('secondary');
    this.header.replaceChildren(
      h('span', { class: 'room-code' }, `Room ${room.code}`),
      h(
        'span',
        { class: 'muted' },
        ` · ${scopeName(this.scopes, room.settings.scope)} · ${room.settings.mode}`,
      ),
      h('a', { href: link, class: 'room-link' }, link),
      copy,
      // Back to the home page, which leaves the room: a host passes the role on at once.
      h('a', { href: '/', class: 'button secondary room-leave' }, 'Leave room'),
    );
  }

  private countryNames(): Map<string, string> {
    return new Map(this.scopes.filter((s) => s.kind === 'country').map((s) => [s.id, s.name]));
  }

  /** Region names of the quiz's countries: fetched once per quiz, used when they come. */
  private loadNames(scope: string) {
    if (scope === this.namerScope) return;
    this.namerScope = scope;
    const countries = this.countryNames();
    const withCountry = spansCountries(this.scopes.find((s) => s.id === scope)?.kind);
    this.namer = new PlaceNamer({}, countries, withCountry);
    void fetchRegions(scope).then((regions) => {
      if (this.namerScope === scope) this.namer = new PlaceNamer(regions, countries, withCountry);
    });
  }
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  return h('button', { type: 'button', onclick: (() => onClick()) as EventListener }, label);
}
