/**
 * The client's navigator: which screen a path shows (/, /r/CODE, /g/ID,
 * /about, /stats/SCOPE), moving between them without a reload, and a page view counted
 * for each (visits.ts). The room's connection and seat live in
 * net/room-session.ts; the screens in screens/.
 */
import type { JoinedAck, RoomState, SpectatingAck } from '../../protocol/types.js';
import { fetchDaily, fetchHealth, fetchLobbies, fetchRegions, fetchScopes } from './api.js';
import { CHAT_FEATURE } from '../../protocol/chat.js';
import { routeLinks } from './links.js';
import { sentenceFor } from './messages.js';
import { RoomSession } from './net/room-session.js';
import { renderAbout } from './screens/about.js';
import { renderDailyBoard } from './screens/daily-board.js';
import type { DailyWay } from './screens/daily-card.js';
import { renderHome, type HomeActions } from './screens/home.js';
import { noSuchRoom, renderJoin } from './screens/join.js';
import { RoomScreen } from './screens/room.js';
import { renderRemoved } from './screens/removed.js';
import { renderNamingStats } from './screens/naming-stats.js';
import { renderSavedGame } from './screens/saved-game.js';
import { renderStarting } from './screens/starting.js';
import { readRoomCode } from './state/room-code-input.js';
import { rememberedNickname, rememberNickname } from './state/session.js';
import type { LateJoin } from './screens/late-join.js';
import { countView, visitPageOf } from './visits.js';

type Choice = Parameters<HomeActions['create']>[0];

export class App {
  private readonly session: RoomSession;
  private roomScreen: RoomScreen | undefined;
  /** Lets go of what the page on screen holds (a results map), when another replaces it. */
  private disposePage: (() => void) | undefined;
  private ready = false;

  constructor(
    private readonly root: HTMLElement,
    status: HTMLElement,
  ) {
    this.session = new RoomSession((text, offline) => {
      status.textContent = text;
      status.classList.toggle('offline', offline);
    });
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
    countView(visitPageOf(path));
    const room = /^\/r\/([^/]+)\/?$/.exec(path);
    if (room) {
      const typed = readRoomCode(decodeURIComponent(room[1]!));
      if ('code' in typed) return this.openRoom(typed.code);
      this.leaveRoom();
      return this.show(noSuchRoom(room[1]!, typed.problem));
    }
    this.leaveRoom();
    const game = /^\/g\/([A-Za-z0-9_-]+)$/.exec(path);
    if (game) {
      const saved = await renderSavedGame(game[1]!);
      this.show(saved.element, saved.dispose);
      return saved.next?.focus();
    }
    if (path === '/about') return this.show(renderAbout());
    const stats = /^\/stats\/([^/]+)$/.exec(path);
    if (stats) {
      const page = await renderNamingStats(stats[1]!);
      this.show(page.element, page.dispose);
      return;
    }
    if (path === '/daily') {
      return this.show(
        await renderDailyBoard(new URLSearchParams(location.search).get('date') ?? undefined),
      );
    }
    return this.showHome();
  }

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

  private show(element: HTMLElement, dispose?: () => void) {
    this.disposePage?.();
    this.disposePage = dispose;
    this.root.replaceChildren(element);
  }

  /** @param problem why creating a room failed: an error code or a sentence. */
  private async showHome(problem?: string) {
    const [scopes, lobbies, daily] = await Promise.all([
      fetchScopes(),
      fetchLobbies().catch(() => []),
      fetchDaily().catch(() => undefined),
    ]);
    const query = new URLSearchParams(location.search);
    const home = renderHome(
      scopes,
      lobbies,
      {
        create: (choice) => void this.createRoom(choice),
        playNow: (choice) => void this.playNow(choice),
        join: (code) => this.navigate(`/r/${code}`),
        playDaily: (choice) => void this.playDaily(choice),
      },
      problem,
      // "Play this quiz" on a saved result opens /?quiz=DE&mode=race.
      { scope: query.get('quiz') ?? undefined, mode: query.get('mode') ?? undefined },
      daily,
    );
    this.show(home.element);
    (document.getElementById('nickname') as HTMLInputElement | null)?.focus();
    // The waiting rooms stay current while the page is open.
    const refresh = window.setInterval(() => {
      if (!home.element.isConnected) return window.clearInterval(refresh);
      void fetchLobbies().then(home.showLobbies, () => {});
    }, 5000);
  }

  private async createRoom(choice: Choice) {
    rememberNickname(choice.nickname);
    const ack = await this.session.create(choice.nickname, {
      scope: choice.scope,
      mode: choice.mode as RoomState['settings']['mode'],
      durationSec: choice.durationSec,
      public: choice.public,
    });
    if (!ack.ok) return void this.showHome(ack.error.code);
    await this.enterRoom(ack);
    history.pushState(null, '', `/r/${ack.room.code}`);
    countView('/r/:code');
  }

  /**
   * The daily quiz: a room of its own, private; alone it starts at once,
   * with friends it waits in the lobby, whose link the player shares.
   */
  private async playDaily(choice: { nickname: string; way: DailyWay }) {
    rememberNickname(choice.nickname);
    const ack = await this.session.create(choice.nickname, { daily: true });
    if (!ack.ok) return void this.showHome(ack.error.code);
    await this.enterRoom(ack);
    history.pushState(null, '', `/r/${ack.room.code}`);
    countView('/r/:code');
    if (choice.way === 'alone') {
      const refused = await this.session.commands().start();
      if (refused) this.roomScreen?.say(sentenceFor(refused, 'start'));
    }
  }

  /** "Play now": a seat in a public lobby of the quiz (server/game/quick-play.ts). */
  private async playNow(choice: { nickname: string; scope: string }) {
    rememberNickname(choice.nickname);
    const ack = await this.session.quickPlay(choice.nickname, choice.scope);
    if (!ack.ok) return void this.showHome(ack.error.code);
    await this.enterRoom(ack);
    history.pushState(null, '', `/r/${ack.room.code}`);
    countView('/r/:code');
  }

  /** /r/CODE: the seat this browser holds there, else a nickname to join with. */
  private async openRoom(code: string) {
    if (this.session.code === code && this.roomScreen) return;
    const seat = await this.session.takeSeatBack(code);
    if (seat) return this.enterRoom(seat);
    const join = async (nickname: string, error: (message: string) => void) => {
      rememberNickname(nickname);
      const ack = await this.session.join(code, nickname);
      if (ack.ok) await this.enterRoom(ack);
      else error(sentenceFor(ack.error.code, 'join'));
    };
    this.show(renderJoin(code, join, await this.lateJoin(code)));
  }

  /** A running game's choice, Join or Watch, when the server can tell one runs (late-join.ts). */
  private async lateJoin(code: string): Promise<LateJoin | undefined> {
    const peek = await this.session.peek(code);
    if (!peek?.ok || peek.room.phase !== 'playing') return undefined;
    if (!(await this.session.serverFeatures()).has('spectate')) return { room: peek.room };
    const watch = async (nickname: string, error: (message: string) => void) => {
      rememberNickname(nickname);
      const ack = await this.session.spectate(code, nickname);
      if (ack.ok) await this.enterRoom(ack);
      else error(sentenceFor(ack.error.code, 'join'));
    };
    return { room: peek.room, watch };
  }

  /** A spectator takes a seat, under the name they watched with. */
  private async joinFromWatching(code: string) {
    const watcher = this.session.view?.room.spectators?.find((s) => s.id === this.session.me);
    const ack = await this.session.join(
      code,
      rememberedNickname() || watcher?.nickname || 'Player',
    );
    if (ack.ok) await this.enterRoom(ack);
    else this.roomScreen?.say(sentenceFor(ack.error.code, 'join'));
  }

  private async enterRoom(ack: JoinedAck | SpectatingAck) {
    this.roomScreen?.dispose();
    const spectating = 'spectatorId' in ack.you;
    if (spectating) this.session.watch(ack as SpectatingAck);
    else this.session.enter(ack as JoinedAck);
    void fetchRegions(ack.room.settings.scope); // ahead of the first find
    const [scopes, features] = await Promise.all([fetchScopes(), this.session.serverFeatures()]);
    const code = ack.room.code;
    // Spectators chat too (feature `spectate`): the host may mute or remove them as players.
    const chat = features.has(CHAT_FEATURE) ? this.session.chat : undefined;
    const screen = new RoomScreen(
      this.session.me,
      scopes,
      this.session.commands(),
      {
        spectating,
        join: () => void this.joinFromWatching(code),
        react: features.has('reactions') ? (emoji) => this.session.react(emoji) : undefined,
      },
      chat,
    );
    this.roomScreen = screen;
    this.show(screen.element);
    this.session.listen({
      changed: (view, find, receivedAt) => screen.update(view, find, receivedAt),
      ended: (ended) => screen.showResults(ended),
      reacted: (reaction) => screen.react(reaction),
      chat: (log) => screen.showChat(log),
      removed: (message) => this.removedFrom(code, message.by),
    });
    if (this.session.view) screen.update(this.session.view);
  }

  /** The host removed this player: the room is gone from this page, and says so. */
  private removedFrom(code: string, by: string) {
    this.roomScreen?.dispose();
    this.roomScreen = undefined;
    this.session.listen(undefined);
    this.show(renderRemoved(code, by));
  }

  private leaveRoom() {
    this.session.leave();
    this.roomScreen?.dispose();
    this.roomScreen = undefined;
  }
}
