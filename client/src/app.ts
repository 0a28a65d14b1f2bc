/**
 * The client's navigation and its one connection: which screen shows, and
 * the room session behind the room screens (join, rejoin after a reload or a
 * lost connection, resync on a gap in seq).
 */
import { nicknameProblem } from '../../protocol/nickname.js';
import type { ErrorCode, Find, GameEnded, JoinedAck, RoomState } from '../../protocol/types.js';
import {
  fetchGame,
  fetchHealth,
  fetchLobbies,
  fetchRegions,
  fetchScopes,
  type ScopeInfo,
} from './api.js';
import { h } from './dom.js';
import { routeLinks } from './links.js';
import { nicknameSentence, sentenceFor } from './messages.js';
import { connect, request, type GameSocket } from './net/connection.js';
import { PlaceNamer } from './place-names.js';
import type { GuessOutcome } from './screens/feedback.js';
import { renderHome } from './screens/home.js';
import { scopeName } from './screens/lobby-view.js';
import { renderResults } from './screens/results-view.js';
import { RoomScreen, type RoomActions } from './screens/room.js';
import { renderStarting } from './screens/starting.js';
import { readRoomCode } from './state/room-code-input.js';
import { applyFind, applyState, type RoomView } from './state/room-view.js';
import {
  forgetSeat,
  rememberNickname,
  rememberSeat,
  rememberedNickname,
  rememberedSeat,
} from './state/session.js';

/**
 * How long a find that arrived ahead of its turn waits for the events before
 * it. Players of one room may sit on different server nodes, whose broadcasts
 * travel different paths; past this, the client asks for the whole state.
 */
const EARLY_FIND_WAIT_MS = 400;

export class App {
  private socket: GameSocket | undefined;
  /** Finds that arrived ahead of an event still on its way, by seq. */
  private readonly early = new Map<number, Find>();
  private earlyTimer: number | undefined;
  private view: RoomView | undefined;
  private roomScreen: RoomScreen | undefined;
  private code: string | undefined;
  private me = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly status: HTMLElement,
  ) {
    window.addEventListener('popstate', () => void this.route());
    // Every same-origin link is a page of this client (/, /r/CODE, /g/ID, /about).
    routeLinks(
      () => true,
      (path) => this.navigate(path),
    );
  }

  /** Opens a page of the client: a path, with its query if any. */
  navigate(path: string): void {
    if (path !== location.pathname + location.search) history.pushState(null, '', path);
    void this.route();
  }

  async route(): Promise<void> {
    await this.serverReady();
    const path = location.pathname;
    const room = /^\/r\/([^/]+)\/?$/.exec(path);
    const game = /^\/g\/([A-Za-z0-9_-]+)$/.exec(path);
    if (room) {
      const typed = readRoomCode(decodeURIComponent(room[1]!));
      if ('code' in typed) return this.openRoom(typed.code);
      this.leaveRoomScreen();
      return this.show(noSuchRoom(room[1]!, typed.problem));
    }
    this.leaveRoomScreen();
    if (game) return this.showSavedGame(game[1]!);
    if (path === '/about') return this.show(renderAbout());
    return this.showHome();
  }

  private ready = false;

  /**
   * Until the server has started (a first start imports the places for a
   * minute), the page says what it is doing and carries on by itself.
   */
  private async serverReady(): Promise<void> {
    if (this.ready) return;
    const starting = renderStarting();
    for (;;) {
      const health = await fetchHealth();
      if (health.status === 'ok') break;
      starting.update(health);
      if (!starting.element.isConnected) this.show(starting.element);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    this.ready = true;
  }

  private show(element: HTMLElement) {
    this.root.replaceChildren(element);
  }

  private async showHome(problem?: string) {
    const [scopes, lobbies] = await Promise.all([fetchScopes(), fetchLobbies().catch(() => [])]);
    const home = renderHome(
      scopes,
      lobbies,
      {
        create: (choice) => void this.createRoom(choice),
        join: (code) => this.navigate(`/r/${code}`),
      },
      problem,
      // "Play this quiz" on a saved result opens /?quiz=DE&mode=race.
      {
        scope: new URLSearchParams(location.search).get('quiz') ?? undefined,
        mode: new URLSearchParams(location.search).get('mode') ?? undefined,
      },
    );
    this.show(home.element);
    (document.getElementById('nickname') as HTMLInputElement | null)?.focus();
    // The waiting rooms stay current while the page is open.
    const refresh = window.setInterval(() => {
      if (!home.element.isConnected) return window.clearInterval(refresh);
      void fetchLobbies().then(home.showLobbies, () => {});
    }, 5000);
  }

  private async createRoom(choice: {
    nickname: string;
    scope: string;
    mode: string;
    durationSec: number;
    public: boolean;
  }) {
    rememberNickname(choice.nickname);
    const socket = this.connection();
    const ack = await request(socket, 'room:create', {
      nickname: choice.nickname,
      settings: {
        scope: choice.scope,
        mode: choice.mode as RoomState['settings']['mode'],
        durationSec: choice.durationSec,
        public: choice.public,
      },
    });
    if (!ack.ok) return void this.showHome(ack.error.code);
    this.enterRoom(ack);
    history.pushState(null, '', `/r/${ack.room.code}`);
  }

  /** /r/CODE: rejoin with a remembered seat, else ask for a nickname and join. */
  private async openRoom(code: string) {
    if (this.code === code && this.roomScreen) return;
    const seat = rememberedSeat(code);
    if (seat) {
      const ack = await request(this.connection(), 'room:join', {
        code,
        nickname: rememberedNickname() || 'Player',
        sessionToken: seat.sessionToken,
      });
      if (ack.ok) return this.enterRoom(ack);
      forgetSeat(code);
    }
    this.show(
      renderJoin(code, async (nickname, error) => {
        rememberNickname(nickname);
        const ack = await request(this.connection(), 'room:join', { code, nickname });
        if (ack.ok) this.enterRoom(ack);
        else error(sentenceFor(ack.error.code, 'join'));
      }),
    );
  }

  private enterRoom(ack: JoinedAck) {
    const { room, you } = ack;
    rememberSeat(room.code, you);
    this.code = room.code;
    this.me = you.playerId;
    this.roomScreen?.dispose();
    void fetchScopes().then((scopes) => {
      this.roomScreen = new RoomScreen(this.me, scopes, this.roomActions());
      this.show(this.roomScreen.element);
      this.setView(room);
    });
    void fetchRegions(room.settings.scope); // ahead of the first find
  }

  private leaveRoomScreen() {
    if (!this.code) return;
    void request(this.connection(), 'room:leave', {});
    this.roomScreen?.dispose();
    this.roomScreen = undefined;
    this.view = undefined;
    this.code = undefined;
  }

  private setView(room: RoomState) {
    const applied = applyState(this.view, room);
    if (applied.kind !== 'applied') return;
    this.view = applied.view;
    this.roomScreen?.update(this.view);
    this.applyEarlyFinds();
  }

  private onFind(find: Find, receivedAt = performance.now()) {
    if (!this.view) return;
    const applied = applyFind(this.view, find);
    if (applied.kind === 'gap') return this.holdEarly(find);
    if (applied.kind !== 'applied') return;
    this.view = applied.view;
    this.roomScreen?.update(this.view, find, receivedAt);
    this.applyEarlyFinds();
  }

  private holdEarly(find: Find) {
    this.early.set(find.seq, find);
    this.earlyTimer ??= window.setTimeout(() => {
      this.earlyTimer = undefined;
      if (this.early.size === 0) return;
      this.early.clear();
      void this.resync();
    }, EARLY_FIND_WAIT_MS);
  }

  /** Applies the held finds that are now next in seq, and drops the ones now old. */
  private applyEarlyFinds() {
    for (;;) {
      const next = this.view && this.early.get(this.view.room.seq + 1);
      if (!next) break;
      this.early.delete(next.seq);
      this.onFind(next);
    }
    for (const seq of this.early.keys()) {
      if (this.view && seq <= this.view.room.seq) this.early.delete(seq);
    }
    if (this.early.size === 0 && this.earlyTimer !== undefined) {
      window.clearTimeout(this.earlyTimer);
      this.earlyTimer = undefined;
    }
  }

  private async resync() {
    const ack = await request(this.connection(), 'room:state', {});
    if (ack.ok) this.setView(ack.room);
  }

  private roomActions(): RoomActions {
    const socket = this.connection();
    const refusal = (ack: { ok: true } | { ok: false; error: { code: ErrorCode } }) =>
      ack.ok ? undefined : ack.error.code;
    const command = async (event: 'game:start' | 'game:end' | 'room:rematch') =>
      refusal(await request(socket, event, {}));
    return {
      guess: async (text: string): Promise<GuessOutcome> => {
        const ack = await request(socket, 'guess', { text });
        return ack.ok ? ack.result : { error: ack.error.code };
      },
      changeSettings: async (settings: Partial<RoomState['settings']>) =>
        refusal(await request(socket, 'room:settings', { settings })),
      start: () => command('game:start'),
      end: () => command('game:end'),
      rematch: () => command('room:rematch'),
    };
  }

  /** The one socket, connected on first use, with the room session's event handling. */
  private connection(): GameSocket {
    if (this.socket) return this.socket;
    const socket = connect();
    this.socket = socket;
    let wasConnected = false;
    socket.on('connect', () => {
      this.status.textContent = '';
      this.status.classList.remove('offline');
      if (wasConnected && !socket.recovered && this.code) void this.rejoin(this.code);
      else if (wasConnected && this.code) void this.resync();
      wasConnected = true;
    });
    socket.on('disconnect', () => {
      this.status.textContent = 'reconnecting…';
      this.status.classList.add('offline');
    });
    socket.on('connect_error', (error: Error & { data?: { code?: ErrorCode } }) => {
      this.status.textContent =
        error.data?.code === 'unavailable'
          ? 'The server is starting; connecting…'
          : 'reconnecting…';
      this.status.classList.add('offline');
    });
    socket.on('room:state', (room) => {
      if (room.code === this.code) this.setView(room);
    });
    socket.on('place:found', (find) => this.onFind(find, performance.now()));
    socket.on('game:ended', (ended: GameEnded) => this.roomScreen?.showResults(ended));
    return socket;
  }

  private async rejoin(code: string) {
    const seat = rememberedSeat(code);
    if (!seat) return;
    const ack = await request(this.connection(), 'room:join', {
      code,
      nickname: rememberedNickname() || 'Player',
      sessionToken: seat.sessionToken,
    });
    if (ack.ok) this.setView(ack.room);
  }

  private async showSavedGame(id: string) {
    const [game, scopes] = await Promise.all([
      fetchGame(id).catch(() => undefined),
      fetchScopes().catch(() => []),
    ]);
    if (!game) {
      document.title = 'No such game — placerace';
      return this.show(
        h(
          'section',
          { class: 'card' },
          h('h1', {}, 'No such game'),
          h('p', {}, 'This result does not exist (any more).'),
          h('a', { href: '/' }, 'Start a game'),
        ),
      );
    }
    const { scope, mode } = game.results.settings;
    const regions = await fetchRegions(scope);
    const countries = new Map(
      scopes.filter((s) => s.kind === 'country').map((s) => [s.id, s.name]),
    );
    const withCountry = scopes.find((s) => s.id === scope)?.kind !== 'country';
    const play = h(
      'a',
      { class: 'button', href: `/?quiz=${encodeURIComponent(scope)}&mode=${mode}` },
      'Play this quiz',
    );
    const { element, next } = renderResults(game, {
      namer: new PlaceNamer(regions, countries, withCountry),
      quizName: scopeName(scopes, scope),
      audience: 'visitors',
      next: h('p', { class: 'next' }, play),
    });
    this.show(element);
    next.focus();
  }
}

function renderJoin(
  code: string,
  join: (nickname: string, error: (message: string) => void) => Promise<void>,
): HTMLElement {
  const nickname = h('input', {
    id: 'join-nickname',
    type: 'text',
    autocomplete: 'nickname',
    spellcheck: 'false',
    value: rememberedNickname(),
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card join-card',
      onsubmit: ((event: Event) => {
        event.preventDefault();
        const problem = nicknameProblem(nickname.value);
        if (problem) {
          error.textContent = nicknameSentence(problem, nickname.value);
          nickname.focus();
          return;
        }
        error.textContent = '';
        void join(nickname.value, (message) => (error.textContent = message));
      }) as EventListener,
    },
    h('h1', {}, `Room ${code}`),
    h('p', { class: 'muted' }, 'You were invited to a race. Pick the name the others will see.'),
    h('label', { for: 'join-nickname' }, 'Nickname'),
    nickname,
    error,
    h('button', { type: 'submit' }, 'Join'),
    h('a', { href: '/' }, 'Or start a room of your own'),
  );
  queueMicrotask(() => nickname.focus());
  return form;
}

function renderAbout(): HTMLElement {
  return h(
    'section',
    { class: 'card about' },
    h('h1', {}, 'About placerace'),
    h(
      'p',
      {},
      'A realtime multiplayer geography game: name the cities, towns and villages of a country, a continent or the world, against your friends.',
    ),
    h('h2', {}, 'Data'),
    h(
      'p',
      {},
      'Places: ',
      h('a', { href: 'https://www.geonames.org/', rel: 'noopener' }, 'GeoNames'),
      ' (cities with 500 or more people), licensed under ',
      h(
        'a',
        { href: 'https://creativecommons.org/licenses/by/4.0/', rel: 'noopener' },
        'CC BY 4.0',
      ),
      '.',
    ),
    h(
      'p',
      {},
      'Cities missing from GeoNames’ list: ',
      h(
        'a',
        { href: 'https://simplemaps.com/data/world-cities', rel: 'noopener' },
        'SimpleMaps World Cities Basic',
      ),
      ', licensed under ',
      h(
        'a',
        { href: 'https://creativecommons.org/licenses/by/4.0/', rel: 'noopener' },
        'CC BY 4.0',
      ),
      '.',
    ),
    h(
      'p',
      {},
      'Country outlines: ',
      h('a', { href: 'https://www.naturalearthdata.com/', rel: 'noopener' }, 'Natural Earth'),
      ' (public domain).',
    ),
  );
}

/** A room path whose code cannot exist: said in a sentence, with the way home. */
function noSuchRoom(typed: string, problem: string): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h1', {}, `There is no room ${typed.slice(0, 20)}`),
    h('p', {}, problem),
    h('a', { href: '/' }, 'Go to the home page'),
  );
}

export type { ScopeInfo };
