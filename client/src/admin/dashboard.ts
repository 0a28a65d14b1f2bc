/**
 * The operator's dashboard: live figures pushed by the server once a second
 * over `/admin`, charts of the last hour, every room, every node, what went
 * wrong, the last 14 days, and the visitors of the last 30. It stays alive while the spectator view shows,
 * so the hour keeps filling and coming back costs nothing.
 */
import type { AdminFrame } from '../../../protocol/admin.js';
import { h } from '../dom.js';
import { formatNumber } from '../format.js';
import { ErrorPanel } from './error-panel.js';
import { renderTiles } from './figure-tiles.js';
import { formatAge, formatClock } from './format.js';
import { HistoryCharts } from './history-charts.js';
import { HourCharts } from './hour-charts.js';
import { HourSeries } from './hour-series.js';
import { connectLive, type AdminSocket } from './live-socket.js';
import { NodesTable } from './nodes-table.js';
import { RoomsTable } from './rooms-table.js';
import { VISITOR_DAYS, VisitorsPanel } from './visitors-panel.js';

/** Without a frame for this long, the figures on screen are called old. */
const FRAME_OVERDUE_MS = 3_000;
/** The history gains a row an hour; reloading it more often than this shows nothing new. */
const HISTORY_REFRESH_MS = 10 * 60 * 1000;

export class Dashboard {
  readonly element: HTMLElement;
  private readonly socket: AdminSocket;
  private readonly series = new HourSeries();
  private readonly tiles = h('div', { class: 'tiles' });
  /** Apart from the status, which is a live region: it would read the clock out every second. */
  private readonly asOf = h('span', { class: 'as-of muted' });
  private readonly hourCharts = new HourCharts();
  private readonly rooms: RoomsTable;
  private readonly roomsShown = h('p', { class: 'muted' });
  private readonly nodes = new NodesTable();
  private readonly errors = new ErrorPanel();
  private readonly history = new HistoryCharts();
  private readonly visitors = new VisitorsPanel();
  private frame: AdminFrame | undefined;
  private frameReceivedAt = 0;

  constructor(
    private readonly status: HTMLElement,
    openRoom: (code: string) => void,
  ) {
    this.rooms = new RoomsTable(openRoom);
    this.element = h(
      'div',
      { class: 'dashboard' },
      h('h1', { class: 'sr-only' }, 'Dashboard'),
      section('Now', this.asOf, this.tiles),
      section('Last hour', this.hourCharts.element),
      section('Rooms', h('div', { class: 'table-scroll' }, this.rooms.element), this.roomsShown),
      section('Nodes', h('div', { class: 'table-scroll' }, this.nodes.element)),
      this.errors.element,
      section('Last 14 days', this.history.element),
      section(`Visitors, last ${VISITOR_DAYS} days`, this.visitors.element),
    );
    this.socket = connectLive();
    this.socket.on('admin:hour', (points) => {
      this.series.seed(points);
      if (this.visible()) this.hourCharts.update(this.series.columns);
    });
    this.socket.on('admin:frame', (frame) => this.onFrame(frame));
    this.socket.on('disconnect', () => this.showStatus('disconnected, reconnecting…', true));
    this.socket.on('connect_error', () => this.showStatus('cannot reach the server…', true));
    window.setInterval(() => this.watchOverdue(), 1000);
    void this.history.load();
    void this.visitors.load();
    window.setInterval(() => {
      void this.history.load();
      void this.visitors.load();
    }, HISTORY_REFRESH_MS);
  }

  /** Called when the dashboard is put back on screen: draws what arrived meanwhile. */
  shown(): void {
    document.title = 'Dashboard — placerace operator';
    if (this.frame) this.render(this.frame);
    else this.showStatus('connecting…', false);
    this.hourCharts.update(this.series.columns);
  }

  private visible() {
    return this.element.isConnected;
  }

  private onFrame(frame: AdminFrame) {
    this.frame = frame;
    this.frameReceivedAt = Date.now();
    this.series.append(frame);
    if (!this.visible()) return;
    this.render(frame);
    this.hourCharts.update(this.series.columns);
  }

  private render(frame: AdminFrame) {
    this.showStatus('live', false);
    this.asOf.textContent = `as of ${formatClock(frame.at)}`;
    this.tiles.replaceChildren(...renderTiles(frame));
    this.rooms.update(frame);
    this.roomsShown.textContent =
      frame.rooms.length < frame.roomCount
        ? `The ${formatNumber(frame.rooms.length)} busiest of ${formatNumber(frame.roomCount)} rooms.`
        : '';
    this.nodes.update(frame);
    this.errors.update(frame);
  }

  private watchOverdue() {
    if (!this.frame || !this.socket.connected || !this.visible()) return;
    const silent = Date.now() - this.frameReceivedAt;
    if (silent > FRAME_OVERDUE_MS) this.showStatus(`no figures for ${formatAge(silent)}`, true);
  }

  private showStatus(text: string, offline: boolean) {
    if (!this.visible()) return;
    this.status.textContent = text;
    this.status.classList.toggle('offline', offline);
  }
}

function section(title: string, ...content: HTMLElement[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...content);
}
