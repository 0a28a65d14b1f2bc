/**
 * The operator's page routes itself: `/admin` is the dashboard,
 * `/admin/rooms/CODE` watches a room. Links between them move with
 * history.pushState, so Back works and the dashboard's live hour is kept.
 */
import { fetchScopes } from '../api.js';
import { routeLinks } from '../links.js';
import { connect, type GameSocket } from '../net/connection.js';
import { Dashboard } from './dashboard.js';
import { spectatorPath } from './rooms-table.js';
import { SpectatorScreen } from './spectator.js';

const DASHBOARD_PATH = '/admin';
const ROOM_PATH = /^\/admin\/rooms\/([A-Za-z0-9]{1,16})\/?$/;

export class AdminApp {
  private dashboard: Dashboard | undefined;
  private spectator: SpectatorScreen | undefined;
  /** The players' namespace, for watching rooms; opened on the first room watched. */
  private players: GameSocket | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly status: HTMLElement,
  ) {
    window.addEventListener('popstate', () => void this.route());
    routeLinks(
      (path) => this.routes(path),
      (path) => this.navigate(path),
    );
  }

  navigate(path: string): void {
    if (path !== location.pathname) history.pushState(null, '', path);
    void this.route();
  }

  async route(): Promise<void> {
    const room = ROOM_PATH.exec(location.pathname);
    this.spectator?.dispose();
    this.spectator = undefined;
    if (room) return this.showRoom(room[1]!.toUpperCase());
    if (location.pathname !== DASHBOARD_PATH) history.replaceState(null, '', DASHBOARD_PATH);
    this.showDashboard();
  }

  /** Whether `path` is a view of this page (the rest, like the CSV, is the server's). */
  private routes(path: string) {
    return path === DASHBOARD_PATH || ROOM_PATH.test(path);
  }

  private showDashboard() {
    this.dashboard ??= new Dashboard(this.status, (code) => this.navigate(spectatorPath(code)));
    this.root.replaceChildren(this.dashboard.element);
    this.dashboard.shown();
  }

  private async showRoom(code: string) {
    const scopes = await fetchScopes().catch(() => []);
    const socket = this.playersConnection();
    const spectator = new SpectatorScreen(code, socket, scopes);
    // The route changed while the scopes loaded.
    if (ROOM_PATH.exec(location.pathname)?.[1]?.toUpperCase() !== code) return spectator.dispose();
    this.spectator?.dispose();
    this.spectator = spectator;
    this.root.replaceChildren(spectator.element);
    this.status.textContent = socket.connected ? 'live' : 'connecting…';
    this.status.classList.remove('offline');
    spectator.start();
  }

  private playersConnection(): GameSocket {
    if (this.players) return this.players;
    const socket = connect();
    const show = (text: string, offline: boolean) => {
      if (!this.spectator) return;
      this.status.textContent = text;
      this.status.classList.toggle('offline', offline);
    };
    socket.on('connect', () => show('live', false));
    socket.on('disconnect', (reason) => {
      // The server ended it: the session was logged out (the reload brings the login page).
      if (reason === 'io server disconnect') return location.reload();
      show('disconnected, reconnecting…', true);
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      if (error.data?.code === 'unauthorized') return location.reload();
      show(error.data?.message ?? 'cannot reach the server…', true);
    });
    this.players = socket;
    return socket;
  }
}
