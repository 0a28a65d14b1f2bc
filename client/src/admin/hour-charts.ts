/** The charts of the last hour, a point a second, moving as frames arrive. */
import type uPlot from 'uplot';
import { h } from '../dom.js';
import type { HourColumns } from './hour-series.js';
import { LineChart, type ChartSpec } from './line-chart.js';

const HOUR_SEC = 3600;
const MB = 1024 * 1024;
export const COLORS = {
  blue: '#2457d6',
  green: '#1f8a4c',
  orange: '#c26a00',
  red: '#b3261e',
  purple: '#6b3fb3',
  grey: '#66717d',
};

interface HourChart {
  chart: LineChart;
  data: (c: HourColumns) => uPlot.AlignedData;
}

function hourChart(spec: Omit<ChartSpec, 'windowSec'>, data: HourChart['data']): HourChart {
  return { chart: new LineChart({ ...spec, windowSec: HOUR_SEC }), data };
}

export class HourCharts {
  private readonly charts: HourChart[] = [
    hourChart(
      {
        title: 'Guesses and finds per second',
        lines: [
          { label: 'guesses/s', color: COLORS.blue },
          { label: 'finds/s', color: COLORS.green },
        ],
      },
      (c) => [c.t, c.guesses, c.finds],
    ),
    hourChart(
      { title: 'Guess latency p95', lines: [{ label: 'p95', color: COLORS.orange }], unit: 'ms' },
      (c) => [c.t, c.p95],
    ),
    hourChart(
      {
        title: 'Players and rooms',
        lines: [
          { label: 'players', color: COLORS.blue },
          { label: 'rooms', color: COLORS.purple },
        ],
        integers: true,
      },
      (c) => [c.t, c.players, c.rooms],
    ),
    hourChart(
      {
        title: 'Event-loop lag p99 (worst node)',
        lines: [{ label: 'lag', color: COLORS.orange }],
        unit: 'ms',
      },
      (c) => [c.t, c.lagMs],
    ),
    hourChart(
      {
        title: 'Memory (RSS, all nodes)',
        lines: [{ label: 'RSS', color: COLORS.grey }],
        unit: 'MB',
        integers: true,
      },
      (c) => [c.t, c.rssBytes.map((bytes) => bytes / MB)],
    ),
    hourChart(
      { title: 'Errors per second', lines: [{ label: 'errors/s', color: COLORS.red }] },
      (c) => [c.t, c.errors],
    ),
  ];

  readonly element = h('div', { class: 'charts' }, ...this.charts.map((c) => c.chart.element));

  update(columns: HourColumns): void {
    for (const { chart, data } of this.charts) chart.setData(data(columns));
  }
}
