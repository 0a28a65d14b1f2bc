/**
 * Watching one room live, as an operator: its map with every find as it
 * happens and its scoreboard, drawn by the same code as the players' room
 * screen (RoomMap, game-lists), without a seat: the players do not see the
 * operator, and the operator cannot guess.
 */
import type { Find, GameEnded, Phase, RoomState } from '../../../protocol/types.js';
import { fetchRegions, type ScopeInfo } from '../api.js';
import { formatNumber, formatPercent, h } from '../dom.js';
import { RoomMap } from '../map/room-map.js';
import type { GameSocket } from '../net/connection.js';
import { PlaceNamer, spansCountries } from '../place-names.js';
import { latestFindItems, playerName, scoreboardItems } from '../screens/game-lists.js';
import { applyFind, applyState, populationShare, type RoomView } from '../state/room-view.js';
import { unwatchRoom, watchRoom } from './watch.js';

const PHASE_NAMES: Record<Phase, string> = {
  lobby: 'In the lobby',
  playing: 'Playing',
  finished: 'Finished',
};

export class SpectatorScreen {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'room-code' });
  private readonly about = h('span', { class: 'muted' });
  private readonly phase = h('span', { class: 'phase' });
  private readonly timer = h('span', { class: 'timer', 'aria-label': 'Time left' });
  private readonly mapElement = h('div', {
    class: 'map',
    role: 'img',
    'aria-label': 'Map of the finds',
  });
  private readonly totals = h('p', { class: 'totals' });
  private readonly scoreboard = h('ol', { class: 'scoreboard', 'aria-label': 'Scoreboard' });
  private readonly feed = h('ul', { class: 'feed', 'aria-label': 'Latest finds' });
  private readonly result = h('p', {});
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'log' });
  private readonly body: HTMLElement;
  private view: RoomView | undefined;
  private map: RoomMap | undefined;
  private mapScope = '';
  /** Names places the way the players read them, with their regions once fetched. */
  private namer = new PlaceNamer({}, new Map(), false);
  /** Finds the map shows; fewer in a new state means a new game (a rematch): a fresh map. */
  private mappedFinds = 0;
  private readonly ticker: number;
  private disposed = false;

  constructor(
    private readonly code: string,
    private readonly socket: GameSocket,
    private readonly scopes: readonly ScopeInfo[],
  ) {
    this.title.textContent = `Room ${code}`;
    this.body = h(
      'div',
      { class: 'game' },
      this.mapElement,
      h(
        'div',
        { class: 'side' },
        this.totals,
        h('h2', {}, 'Scoreboard'),
        this.scoreboard,
        h('h2', {}, 'Latest finds'),
        this.feed,
        this.result,
      ),
    );
    this.element = h(
      'div',
      { class: 'spectator' },
      h(
        'div',
        { class: 'room-header' },
        h('a', { href: '/admin', class: 'back' }, '← Dashboard'),
        this.title,
        this.about,
        this.phase,
        this.timer,
        h('span', { class: 'muted watching' }, 'Watching; the players do not see you.'),
      ),
      this.body,
      this.announcer,
    );
    socket.on('room:state', this.onState);
    socket.on('place:found', this.onFind);
    socket.on('game:ended', this.onEnded);
    socket.on('connect', this.onConnect);
    this.ticker = window.setInterval(() => this.tick(), 250);
  }

  /** Starts watching; the element must be in the page, for the map to take its size. */
  start(): void {
    // Not connected yet: the connection's `connect` starts it.
    if (this.socket.connected) void this.watch();
  }

  private async watch(): Promise<void> {
    const ack = await watchRoom(this.socket, this.code);
    if (this.disposed) return;
    if (ack.ok) return this.setState(ack.room);
    if (ack.error.code === 'unauthorized') return location.reload();
    const problem =
      ack.error.code === 'not_found'
        ? `There is no room ${this.code} (any more).`
        : ack.error.message;
    this.body.replaceChildren(
      h('section', { class: 'card' }, h('p', { class: 'error', role: 'alert' }, problem)),
    );
  }

  dispose(): void {
    this.disposed = true;
    unwatchRoom(this.socket);
    this.socket.off('room:state', this.onState);
    this.socket.off('place:found', this.onFind);
    this.socket.off('game:ended', this.onEnded);
    this.socket.off('connect', this.onConnect);
    window.clearInterval(this.ticker);
    this.map?.destroy();
  }

  private readonly onState = (room: RoomState) => {
    if (room.code === this.code) this.setState(room);
  };

  private readonly onFind = (find: Find) => {
    if (!this.view) return;
    const applied = applyFind(this.view, find);
    // Missed events (or a find that overtook one on another node's path): the whole state again.
    if (applied.kind === 'gap') return void this.watch();
    if (applied.kind === 'applied') this.show(applied.view, find);
  };

  /** A new connection is in no room: watch again (the ack brings the whole state). */
  private readonly onConnect = () => void this.watch();

  private readonly onEnded = (ended: GameEnded) => {
    const { results } = ended;
    if (results.code !== this.code) return;
    this.result.replaceChildren(
      'Game over: ',
      h('a', { href: `/g/${results.gameId}` }, 'the saved result'),
      ` · ${formatPercent(results.populationShare)} of the population named.`,
    );
  };

  private setState(room: RoomState) {
    const applied = applyState(this.view, room);
    if (applied.kind === 'applied') this.show(applied.view);
  }

  private show(view: RoomView, find?: Find) {
    this.view = view;
    const { room } = view;
    const scope = this.scopes.find((s) => s.id === room.settings.scope);
    document.title = `Room ${room.code} — placerace operator`;
    this.about.textContent = `${scope?.name ?? room.settings.scope} · ${room.settings.mode} · ${room.players.length} players`;
    this.phase.textContent = PHASE_NAMES[room.phase];
    this.phase.dataset.phase = room.phase;
    if (room.phase === 'lobby') this.result.replaceChildren();
    this.totals.textContent = `${formatNumber(room.progress.places)} of ${formatNumber(room.totals.places)} places · ${formatPercent(populationShare(view))} of the population`;
    this.scoreboard.replaceChildren(...scoreboardItems(view));
    this.feed.replaceChildren(...latestFindItems(view, this.namer));
    this.showMap(view, find !== undefined);
    if (find)
      this.announcer.textContent = `${playerName(view, find.playerId)} found ${find.place.name}`;
    this.tick();
  }

  private showMap(view: RoomView, animate: boolean) {
    const { scope } = view.room.settings;
    if (!this.map || scope !== this.mapScope || view.room.found.length < this.mappedFinds) {
      this.map?.destroy();
      this.map = new RoomMap(this.mapElement, scope, () => this.namer);
      if (scope !== this.mapScope) this.nameRegionsOf(scope);
      this.mapScope = scope;
    }
    this.map.show(view, animate);
    this.mappedFinds = view.room.found.length;
  }

  private nameRegionsOf(scope: string) {
    const countries = new Map(
      this.scopes.filter((s) => s.kind === 'country').map((s) => [s.id, s.name]),
    );
    const withCountry = spansCountries(this.scopes.find((s) => s.id === scope)?.kind);
    this.namer = new PlaceNamer({}, countries, withCountry);
    void fetchRegions(scope).then((regions) => {
      if (this.mapScope === scope) this.namer = new PlaceNamer(regions, countries, withCountry);
    });
  }

  private tick() {
    const room = this.view?.room;
    if (!room || room.phase !== 'playing') {
      this.timer.textContent = '';
      return;
    }
    if (room.endsAt === null) {
      this.timer.textContent = 'Untimed';
      return;
    }
    const left = Math.max(0, Math.round((room.endsAt - Date.now()) / 1000));
    this.timer.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left`;
  }
}
