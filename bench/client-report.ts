/**
 * The map benchmark's figures: percentiles of each run, the ratio of SVG to
 * Pixi, the targets beside them, and what the runs say about where the time
 * goes. Printed as a table; the same figures go to the JSON file.
 */
import type { FindTiming, FrameWindow, LongFrame } from '../client/bench/bench-api.js';
import type { FindRun, PanZoomRun } from './map-scenarios.js';
import { percentile } from './stats.js';

export interface Figure {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ComparedRow {
  measure: 'pan/zoom frame' | 'new find → frame';
  markers: number;
  pixi: Figure;
  svg: Figure;
  /** SVG ÷ Pixi: how many times better Pixi is. */
  ratioP50: number;
  ratioP95: number;
  target: { pixiP95AtMost: number; ratioAtLeast: number };
  pixiMet: boolean;
  ratioMet: boolean;
}

export function figure(values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

const RATIO_TARGET = 3;

function compare(
  measure: ComparedRow['measure'],
  markers: number,
  pixi: readonly number[],
  svg: readonly number[],
  pixiP95AtMost: number,
): ComparedRow {
  const p = figure(pixi);
  const s = figure(svg);
  const ratioP50 = s.p50 / p.p50;
  const ratioP95 = s.p95 / p.p95;
  return {
    measure,
    markers,
    pixi: p,
    svg: s,
    ratioP50,
    ratioP95,
    target: { pixiP95AtMost, ratioAtLeast: RATIO_TARGET },
    pixiMet: p.p95 <= pixiP95AtMost,
    ratioMet: ratioP95 >= RATIO_TARGET,
  };
}

const intervalsOf = (run: PanZoomRun) => run.gestures.flatMap((g) => g.intervals);

export function panZoomRow(pixi: PanZoomRun, svg: PanZoomRun, pixiP95AtMost: number): ComparedRow {
  return compare(
    'pan/zoom frame',
    pixi.markers,
    intervalsOf(pixi),
    intervalsOf(svg),
    pixiP95AtMost,
  );
}

export function findRow(pixi: FindRun, svg: FindRun, pixiP95AtMost: number): ComparedRow {
  const shown = (run: FindRun) => run.finds.map((f) => f.shownMs);
  return compare('new find → frame', pixi.markers, shown(pixi), shown(svg), pixiP95AtMost);
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const pair = (f: Figure) => `${ms(f.p50).padStart(6)} / ${ms(f.p95).padStart(6)}`;
const times = (value: number) => `${value.toFixed(1)}×`;
const yesNo = (met: boolean) => (met ? 'met' : 'MISSED');

export function formatTable(rows: readonly ComparedRow[]): string {
  const header = [
    'measure (ms)'.padEnd(18),
    'markers'.padStart(7),
    'Pixi p50 / p95'.padStart(17),
    'SVG p50 / p95'.padStart(17),
    'SVG÷Pixi p50 / p95'.padStart(20),
    '  targets',
  ].join(' ');
  const lines = rows.map((row) =>
    [
      row.measure.padEnd(18),
      row.markers.toLocaleString('en').padStart(7),
      pair(row.pixi).padStart(17),
      pair(row.svg).padStart(17),
      `${times(row.ratioP50)} / ${times(row.ratioP95)}`.padStart(20),
      `  Pixi p95 ≤ ${row.target.pixiP95AtMost}: ${yesNo(row.pixiMet)};` +
        ` ≥ ${row.target.ratioAtLeast}× (p95): ${yesNo(row.ratioMet)}`,
    ].join(' '),
  );
  const width = Math.max(header.length, ...lines.map((line) => line.length));
  return [header, '-'.repeat(width), ...lines].join('\n');
}

/** Long frames summed over a run: how much of their time went to scripts and how much to rendering. */
function longFrameSums(frames: readonly LongFrame[]) {
  const sum = (pick: (f: LongFrame) => number) => frames.reduce((total, f) => total + pick(f), 0);
  const scripts = new Map<string, number>();
  for (const f of frames) {
    for (const s of f.topScripts) {
      const name = s.replace(/ \d+ ms$/, '');
      scripts.set(name, (scripts.get(name) ?? 0) + Number(/(\d+) ms$/.exec(s)?.[1] ?? 0));
    }
  }
  return {
    count: frames.length,
    totalMs: sum((f) => f.duration),
    scriptMs: sum((f) => f.scriptMs),
    renderMs: sum((f) => f.renderMs),
    styleLayoutMs: sum((f) => f.styleLayoutMs),
    topScripts: [...scripts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, total]) => `${name} ${total} ms`),
  };
}

export function panZoomDetail(run: PanZoomRun) {
  const windows: FrameWindow[] = run.gestures;
  return {
    renderer: run.renderer,
    markers: run.markers,
    frames: figure(intervalsOf(run)),
    perGestureMaxMs: windows.map((g) => Math.max(...g.intervals)),
    pixiTickMs: run.renderer === 'pixi' ? figure(windows.flatMap((g) => g.tickMs)) : null,
    longFrames: longFrameSums(windows.flatMap((g) => g.longFrames)),
  };
}

export function findDetail(run: FindRun) {
  const pick = (f: (t: FindTiming) => number | null) =>
    figure(run.finds.map(f).filter((v): v is number => v !== null));
  return {
    renderer: run.renderer,
    markers: run.markers,
    shownMs: pick((t) => t.shownMs),
    syncMs: pick((t) => t.syncMs),
    nextFrameMs: pick((t) => t.nextFrameMs),
    pixiTickMs: run.renderer === 'pixi' ? pick((t) => t.tickMs) : null,
    warmUpShownMs: run.warmUp.map((t) => t.shownMs),
  };
}

/** A few lines per run on where the time went, for the reader of the table. */
export function formatDetails(
  panZoom: readonly ReturnType<typeof panZoomDetail>[],
  finds: readonly ReturnType<typeof findDetail>[],
): string {
  const lines: string[] = [];
  for (const d of panZoom) {
    const lf = d.longFrames;
    lines.push(
      `pan/zoom ${d.renderer.padEnd(4)} ${d.markers.toLocaleString('en').padStart(6)}: ` +
        `${d.frames.count} frames, max ${ms(d.frames.max)}; worst per gesture ${d.perGestureMaxMs.map(ms).join(', ')}` +
        (d.pixiTickMs
          ? `; ticker main-thread p50/p95 ${ms(d.pixiTickMs.p50)}/${ms(d.pixiTickMs.p95)}`
          : '') +
        `; ${lf.count} main-thread long frames (${ms(lf.totalMs)} ms: scripts ${ms(lf.scriptMs)}, ` +
        `rendering ${ms(lf.renderMs)} of which style+layout ${ms(lf.styleLayoutMs)})` +
        (lf.topScripts.length > 0 ? ` top: ${lf.topScripts.join('; ')}` : ''),
    );
  }
  for (const d of finds) {
    lines.push(
      `new find ${d.renderer.padEnd(4)} ${d.markers.toLocaleString('en').padStart(6)}: ` +
        `call p50 ${ms(d.syncMs.p50)}, shown p50/p95 ${ms(d.shownMs.p50)}/${ms(d.shownMs.p95)} (max ${ms(d.shownMs.max)}), ` +
        `next frame starts p50/p95 ${ms(d.nextFrameMs.p50)}/${ms(d.nextFrameMs.p95)}` +
        (d.pixiTickMs
          ? `; ticker in the showing frame p50/p95 ${ms(d.pixiTickMs.p50)}/${ms(d.pixiTickMs.p95)}`
          : '') +
        `; warm-up finds ${d.warmUpShownMs.map(ms).join(', ')}`,
    );
  }
  return lines.join('\n');
}
