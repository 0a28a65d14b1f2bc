/**
 * The last 14 days, an hour a point, from the hourly history the server
 * keeps (GET /admin/api/history), with the CSV to download.
 */
import type uPlot from 'uplot';
import type { HourRow } from '../../../protocol/admin.js';
import { formatNumber, h } from '../dom.js';
import { COLORS } from './hour-charts.js';
import { LineChart } from './line-chart.js';
import { sessionEnded } from './live-socket.js';

export const HISTORY_DAYS = 14;
const HOUR_MS = 3_600_000;

interface HistoryChart {
  chart: LineChart;
  data: (rows: readonly HourRow[]) => uPlot.AlignedData;
}

function historyChart(
  title: string,
  lines: { label: string; color: string; of: (row: HourRow) => number | null }[],
  unit?: string,
): HistoryChart {
  const chart = new LineChart({
    title,
    lines,
    windowSec: HISTORY_DAYS * 24 * 3600,
    unit,
    integers: unit === undefined,
  });
  return { chart, data: (rows) => columns(rows, lines) };
}

/**
 * uPlot's columns of the rows; an hour without a row (the server was down)
 * gets a point of nulls, so the lines break there instead of bridging it.
 */
function columns(
  rows: readonly HourRow[],
  lines: readonly { of: (row: HourRow) => number | null }[],
): uPlot.AlignedData {
  const hours: number[] = [];
  const values = lines.map((): (number | null)[] => []);
  let previous: HourRow | undefined;
  for (const row of rows) {
    if (previous && row.hour - previous.hour > HOUR_MS) {
      hours.push((previous.hour + HOUR_MS) / 1000);
      for (const column of values) column.push(null);
    }
    hours.push(row.hour / 1000);
    lines.forEach((line, i) => values[i]!.push(line.of(row)));
    previous = row;
  }
  return [hours, ...values];
}

export class HistoryCharts {
  private readonly charts: HistoryChart[] = [
    historyChart('Guesses and finds per hour', [
      { label: 'guesses', color: COLORS.blue, of: (r) => r.guesses },
      { label: 'finds', color: COLORS.green, of: (r) => r.finds },
    ]),
    historyChart('Games per hour', [
      { label: 'started', color: COLORS.blue, of: (r) => r.gamesStarted },
      { label: 'finished', color: COLORS.green, of: (r) => r.gamesFinished },
    ]),
    historyChart('Peak players and rooms', [
      { label: 'players', color: COLORS.blue, of: (r) => r.peakPlayers },
      { label: 'rooms', color: COLORS.purple, of: (r) => r.peakRooms },
    ]),
    historyChart('New players per hour', [
      { label: 'seats taken', color: COLORS.grey, of: (r) => r.players },
    ]),
    historyChart(
      'Guess latency p95',
      [{ label: 'p95', color: COLORS.orange, of: (r) => r.p95Ms }],
      'ms',
    ),
    historyChart('Errors per hour', [{ label: 'errors', color: COLORS.red, of: (r) => r.errors }]),
  ];
  private readonly summary = h('span', { class: 'muted' }, 'Loading…');

  readonly element = h(
    'div',
    {},
    h(
      'div',
      { class: 'history-bar' },
      this.summary,
      h('a', { href: '/admin/history.csv', download: true }, 'Download CSV'),
    ),
    h('div', { class: 'charts' }, ...this.charts.map((c) => c.chart.element)),
  );

  async load(): Promise<void> {
    try {
      const response = await fetch(`/admin/api/history?days=${HISTORY_DAYS}`, {
        headers: { accept: 'application/json' },
      });
      if (sessionEnded(response)) return;
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.show((await response.json()) as HourRow[]);
    } catch (error) {
      this.summary.textContent = `The history could not be loaded (${String(error)}).`;
    }
  }

  private show(rows: readonly HourRow[]) {
    this.summary.textContent =
      rows.length === 0
        ? 'No hours recorded yet: an hour is written when it ends.'
        : `${formatNumber(rows.length)} hours since ${new Date(rows[0]!.hour).toLocaleString('en-GB')}; the current hour is written when it ends.`;
    for (const { chart, data } of this.charts) chart.setData(data(rows));
  }
}
