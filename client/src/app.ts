/**
 * The client's navigation and its one connection: which screen shows, and
 * the room session behind the room screens (join, rejoin after a reload or a
 * lost connection, resync on a gap in seq).
 */
import type { Find, GameEnded, GuessResult, JoinedAck, RoomState } from '../../protocol/types.js';
import { fetchGame, fetchLobbies, fetchScopes, type ScopeInfo } from './api.js';
import { h } from './dom.js';
import { routeLinks } from './links.js';
import { connect, request, type GameSocket } from './net/connection.js';
import { renderHome } from './screens/home.js';
import { renderResults, RoomScreen } from './screens/room.js';
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

  navigate(path: string): void {
    if (path !== location.pathname) history.pushState(null, '', path);
    void this.route();
  }

  async route(): Promise<void> {
    const path = location.pathname;
    const room = /^\/r\/([A-Za-z0-9]{6})$/.exec(path);
    const game = /^\/g\/([A-Za-z0-9_-]+)$/.exec(path);
    if (room) return this.openRoom(room[1]!.toUpperCase());
    this.leaveRoomScreen();
    if (game) return this.showSavedGame(game[1]!);
    if (path === '/about') return this.show(renderAbout());
    return this.showHome();
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
    if (!ack.ok) return void this.showHome(ack.error.message);
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
        else
          error(ack.error.code === 'not_found' ? `There is no room ${code}.` : ack.error.message);
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

  private onFind(find: Find) {
    if (!this.view) return;
    const applied = applyFind(this.view, find);
    if (applied.kind === 'gap') return this.holdEarly(find);
    if (applied.kind !== 'applied') return;
    this.view = applied.view;
    this.roomScreen?.update(this.view, find);
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

  private roomActions() {
    const socket = this.connection();
    const command = async (event: 'game:start' | 'game:end' | 'room:rematch') => {
      const ack = await request(socket, event, {});
      if (!ack.ok) this.status.textContent = ack.error.message;
    };
    return {
      guess: async (text: string): Promise<GuessResult | { error: string }> => {
        const ack = await request(socket, 'guess', { text });
        return ack.ok ? ack.result : { error: ack.error.message };
      },
      changeSettings: (settings: Partial<RoomState['settings']>) =>
        void request(socket, 'room:settings', { settings }),
      start: () => void command('game:start'),
      end: () => void command('game:end'),
      rematch: () => void command('room:rematch'),
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
    socket.on('connect_error', (error: Error & { data?: { message?: string } }) => {
      this.status.textContent = error.data?.message ?? 'reconnecting…';
      this.status.classList.add('offline');
    });
    socket.on('room:state', (room) => {
      if (room.code === this.code) this.setView(room);
    });
    socket.on('place:found', (find) => this.onFind(find));
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
    const game = await fetchGame(id).catch(() => undefined);
    if (!game)
      return this.show(
        h(
          'section',
          { class: 'card' },
          h('h1', {}, 'No such game'),
          h('p', {}, 'This result does not exist (any more).'),
        ),
      );
    this.show(renderResults(game, undefined));
  }
}

function renderJoin(
  code: string,
  join: (nickname: string, error: (message: string) => void) => Promise<void>,
): HTMLElement {
  const nickname = h('input', {
    id: 'join-nickname',
    type: 'text',
    maxlength: 24,
    required: true,
    value: rememberedNickname(),
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: ((event: Event) => {
        event.preventDefault();
        void join(nickname.value, (message) => (error.textContent = message));
      }) as EventListener,
    },
    h('h1', {}, `Room ${code}`),
    h('label', { for: 'join-nickname' }, 'Nickname'),
    nickname,
    h('button', { type: 'submit' }, 'Join'),
    error,
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
      'Country outlines: ',
      h('a', { href: 'https://www.naturalearthdata.com/', rel: 'noopener' }, 'Natural Earth'),
      ' (public domain).',
    ),
  );
}

export type { ScopeInfo };
