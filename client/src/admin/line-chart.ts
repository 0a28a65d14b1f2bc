/**
 * A titled time chart (uPlot: small, fast with thousands of points, and
 * kept up) whose width follows its container and whose window ends now, so
 * it moves as data arrives, and a stall shows as a line that stops short.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../dom.js';

export interface LineSpec {
  label: string;
  color: string;
}

export interface ChartSpec {
  title: string;
  lines: readonly LineSpec[];
  /** The visible time span, seconds, ending now. */
  windowSec: number;
  /** Written after the axis' numbers ("ms", "MB"). */
  unit?: string;
  /** Counts of things: the axis never splits one. */
  integers?: boolean;
  height?: number;
}

const DEFAULT_HEIGHT = 140;
const AXIS_FONT = '11px system-ui, sans-serif';
const AXIS_COLOR = '#66717d';
const GRID_COLOR = '#e6e9ed';
const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6];

/** Numbers of a step as fine as the step needs: 0.05 → 2 decimals, 5 → none. */
function decimalsFor(step: number): number {
  return step > 0 && step < 1 ? Math.min(3, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
}

function writeNumber(value: number, decimals: number, unit: string | undefined): string {
  const text = value.toLocaleString('en', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return unit ? `${text} ${unit}` : text;
}

export class LineChart {
  readonly element: HTMLElement;
  private readonly plot: uPlot;
  private readonly resizeObserver: ResizeObserver;

  constructor(spec: ChartSpec) {
    const target = h('div', { class: 'chart-plot' });
    this.element = h(
      'figure',
      { class: 'chart', role: 'group', 'aria-label': spec.title },
      h('figcaption', {}, spec.title),
      target,
    );
    const height = spec.height ?? DEFAULT_HEIGHT;
    const axis = { font: AXIS_FONT, stroke: AXIS_COLOR, grid: { stroke: GRID_COLOR, width: 1 } };
    const legendValue = (_u: uPlot, v: number | null) =>
      v === null ? '—' : writeNumber(v, spec.integers ? 0 : Math.abs(v) < 10 ? 2 : 0, spec.unit);
    this.plot = new uPlot(
      {
        width: 320,
        height,
        scales: {
          x: {
            time: true,
            range: () => {
              const now = Date.now() / 1000;
              return [now - spec.windowSec, now];
            },
          },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          { ...axis, ticks: { show: false } },
          {
            ...axis,
            size: 64,
            ticks: { show: false },
            incrs: spec.integers ? INTEGER_STEPS : undefined,
            values: (_u, splits) => {
              const step = splits.length > 1 ? Math.abs(splits[1]! - splits[0]!) : 1;
              return splits.map((v) => writeNumber(v, decimalsFor(step), spec.unit));
            },
          },
        ],
        series: [
          {},
          ...spec.lines.map((line) => ({
            label: line.label,
            stroke: line.color,
            width: 1.5,
            value: legendValue,
          })),
        ],
        cursor: { drag: { x: false, y: false } },
      },
      [[], ...spec.lines.map(() => [])],
      target,
    );
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? 0);
      // Detached (another view shows): keep the last size.
      if (width > 0 && width !== this.plot.width) this.plot.setSize({ width, height });
    });
    this.resizeObserver.observe(target);
  }

  /** Times (seconds since the epoch), then one column per line, in the order of `lines`. */
  setData(data: uPlot.AlignedData): void {
    this.plot.setData(data);
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.plot.destroy();
  }
}
