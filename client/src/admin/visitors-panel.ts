/**
 * Visitors over the last 30 days, from the daily counts the server keeps
 * without personal data (GET /admin/api/visitors): page views per day, and
 * the period's pages, referring sites, browsers, screens and games per
 * quiz, with the CSV of every day to download.
 */
import type { KeyCount, VisitorsReport } from '../../../protocol/visits.js';
import { formatNumber, h } from '../dom.js';
import { COLORS } from './hour-charts.js';
import { LineChart } from './line-chart.js';
import { sessionEnded } from './live-socket.js';

export const VISITOR_DAYS = 30;
const DAY_SEC = 24 * 3600;

/** What a page's route pattern shows. */
const PAGE_NAMES: Record<string, string> = {
  '/': 'Home',
  '/about': 'About',
  '/r/:code': 'Room',
  '/g/:id': 'Saved game',
};

type Cell = string | HTMLElement;

/** A small table of figures; `headers[0]` names the first column, the others are numbers. */
function figuresTable(title: string, headers: string[], rows: Cell[][]): HTMLElement {
  const body = rows.length
    ? rows.map((cells) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, cells[0]!),
          ...cells.slice(1).map((cell) => h('td', { class: 'number' }, cell)),
        ),
      )
    : [h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, 'Nothing counted yet.'))];
  return h(
    'table',
    { class: 'figures', 'aria-label': title },
    h('caption', {}, title),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...headers.map((label, i) =>
          h('th', { scope: 'col', class: i > 0 ? 'number' : undefined }, label),
        ),
      ),
    ),
    h('tbody', {}, ...body),
  );
}

function keyTable(
  title: string,
  header: string,
  rows: KeyCount[],
  name: (key: string) => Cell = (key) => key,
) {
  return figuresTable(
    title,
    [header, 'Count'],
    rows.map((row) => [name(row.key), formatNumber(row.count)]),
  );
}

const pageName = (key: string) =>
  h('span', {}, PAGE_NAMES[key] ?? key, ' ', h('code', { class: 'muted' }, key));

export class VisitorsPanel {
  private readonly chart = new LineChart({
    title: 'Page views per day',
    lines: [{ label: 'views', color: COLORS.blue }],
    windowSec: VISITOR_DAYS * DAY_SEC,
    integers: true,
    // As tall as the tables beside it usually are.
    height: 220,
  });
  private readonly gamesChart = new LineChart({
    title: 'Games per day',
    lines: [
      { label: 'started', color: COLORS.blue },
      { label: 'finished', color: COLORS.green },
    ],
    windowSec: VISITOR_DAYS * DAY_SEC,
    integers: true,
    height: 220,
  });
  private readonly summary = h('span', { class: 'muted' }, 'Loading…');
  private readonly tables = h('div', { class: 'visitor-tables' });

  readonly element = h(
    'div',
    {},
    h(
      'div',
      { class: 'history-bar' },
      this.summary,
      h('a', { href: '/admin/visitors.csv', download: true }, 'Download CSV'),
    ),
    h(
      'div',
      { class: 'visitors' },
      h('div', { class: 'visitor-charts' }, this.chart.element, this.gamesChart.element),
      this.tables,
    ),
  );

  async load(): Promise<void> {
    try {
      const response = await fetch(`/admin/api/visitors?days=${VISITOR_DAYS}`, {
        headers: { accept: 'application/json' },
      });
      if (sessionEnded(response)) return;
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.show((await response.json()) as VisitorsReport);
    } catch (error) {
      this.summary.textContent = `The visitor counts could not be loaded (${String(error)}).`;
    }
  }

  private show(report: VisitorsReport) {
    const views = report.viewsPerDay.reduce((sum, day) => sum + day.views, 0);
    this.summary.textContent = `${formatNumber(views)} page views from ${report.from} to ${report.to} (UTC days).`;
    const time = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
    this.chart.setData([
      report.viewsPerDay.map((day) => time(day.day)),
      report.viewsPerDay.map((day) => day.views),
    ]);
    this.gamesChart.setData([
      report.gamesPerDay.map((day) => time(day.day)),
      report.gamesPerDay.map((day) => day.started),
      report.gamesPerDay.map((day) => day.finished),
    ]);
    this.tables.replaceChildren(
      keyTable('Pages', 'Page', report.pages, pageName),
      keyTable('Referring sites', 'Site', report.referrers),
      keyTable('Browsers', 'Family', report.browsers),
      keyTable('Screens', 'Class', report.screens),
      figuresTable(
        'Games per quiz',
        ['Quiz', 'Started', 'Finished'],
        report.games.map((g) => [g.scope, formatNumber(g.started), formatNumber(g.finished)]),
      ),
    );
  }
}
