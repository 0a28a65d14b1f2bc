/**
 * The map benchmark's page: opens one map (the game's PlaceMap, or the SVG
 * baseline) in the game's layout and offers `window.mapBench` (see
 * bench-api.ts) to bench/client.ts, which drives it with real input.
 *
 * PlaceMap is used through its public API only; the benchmark reads its
 * private `app` and `projection` (by a cast) to time Pixi's ticker and to
 * check that both maps project alike, and changes nothing in it.
 */
import type { GeoProjection } from 'd3-geo';
import { UPDATE_PRIORITY, type Application } from 'pixi.js';
import '../src/style.css';
import { PlaceMap } from '../src/map/place-map.js';
import type {
  BenchMarker,
  FindTiming,
  FrameWindow,
  LongFrame,
  MapBenchApi,
  OpenedMap,
  RendererKind,
} from './bench-api.js';
import { SvgMap } from './svg-map.js';

/** The parts of PlaceMap the benchmark looks at but PlaceMap keeps private. */
interface PlaceMapInsides {
  app: Application;
  projection: GeoProjection;
}

/** Chromium's long-animation-frame entry; not in TypeScript's DOM types yet. */
interface LoafEntry extends PerformanceEntry {
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: { invoker: string; duration: number; sourceFunctionName?: string }[];
}

interface OpenMap {
  add(marker: BenchMarker, animate: boolean): void;
  addMany(markers: readonly BenchMarker[]): void;
  projection: GeoProjection;
}

const element = document.getElementById('map')!;
let map: OpenMap | undefined;

/** Main-thread time of Pixi's ticker tick, measured from a first to a last listener. */
let lastTickMs: number | null = null;
let recording = false;
let stamps: number[] = [];
let ticks: number[] = [];
let windowStart = 0;
const longFrames: LoafEntry[] = [];
const loafObserver = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
  ? new PerformanceObserver((list) => {
      if (recording) longFrames.push(...(list.getEntries() as LoafEntry[]));
    })
  : undefined;
loafObserver?.observe({ type: 'long-animation-frame', buffered: false });

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** Runs after the rendering update of the frame it is called in (rAF → style → layout → paint). */
const afterThisFrame = () =>
  new Promise<number>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  });

function webglName(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL 2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return String(name);
}

function timeTicks(app: Application) {
  let started = 0;
  app.ticker.add(() => (started = performance.now()), undefined, UPDATE_PRIORITY.INTERACTION);
  app.ticker.add(
    () => {
      lastTickMs = performance.now() - started;
      if (recording) ticks.push(lastTickMs);
    },
    undefined,
    UPDATE_PRIORITY.UTILITY - 1,
  );
}

function summarise(entry: LoafEntry): LongFrame {
  const scripts = [...entry.scripts].sort((a, b) => b.duration - a.duration);
  const end = entry.startTime + entry.duration;
  return {
    duration: entry.duration,
    scriptMs: scripts.reduce((sum, s) => sum + s.duration, 0),
    renderMs: entry.renderStart > 0 ? end - entry.renderStart : 0,
    styleLayoutMs: entry.styleAndLayoutStart > 0 ? end - entry.styleAndLayoutStart : 0,
    topScripts: scripts
      .slice(0, 3)
      .map(
        (s) =>
          `${s.invoker}${s.sourceFunctionName ? ` (${s.sourceFunctionName})` : ''} ${Math.round(s.duration)} ms`,
      ),
  };
}

function recordFrame(time: number) {
  if (!recording) return;
  stamps.push(time);
  requestAnimationFrame(recordFrame);
}

const api: MapBenchApi = {
  async open(renderer: RendererKind, scope: string): Promise<OpenedMap> {
    if (map) throw new Error('one map per page');
    const started = performance.now();
    let backend: string;
    if (renderer === 'pixi') {
      const placeMap = await PlaceMap.create(element, scope);
      const insides = placeMap as unknown as PlaceMapInsides;
      timeTicks(insides.app);
      backend = `Pixi ${insides.app.renderer.name} on ${webglName()}`;
      map = {
        add: (marker, animate) => placeMap.add(marker, animate),
        addMany: (markers) => markers.forEach((marker) => placeMap.add(marker, false)),
        get projection() {
          return insides.projection;
        },
      };
    } else {
      const svgMap = await SvgMap.create(element, scope);
      backend = 'SVG';
      map = {
        add: (marker) => svgMap.add(marker),
        addMany: (markers) => svgMap.addMany(markers),
        projection: svgMap.projection,
      };
    }
    await nextFrame();
    await afterThisFrame();
    const box = element.getBoundingClientRect();
    return {
      renderer,
      left: box.left,
      top: box.top,
      width: box.width,
      height: box.height,
      backend,
      openMs: performance.now() - started,
    };
  },

  async addMarkers(markers) {
    const started = performance.now();
    map!.addMany(markers);
    await nextFrame();
    return (await afterThisFrame()) - started;
  },

  project(lon, lat) {
    return map!.projection([lon, lat]);
  },

  beginWindow() {
    stamps = [];
    ticks = [];
    longFrames.length = 0;
    recording = true;
    windowStart = performance.now();
    requestAnimationFrame(recordFrame);
  },

  async endWindow(afterMs) {
    const until = performance.now() + afterMs;
    while ((await nextFrame()) < until);
    // The frame just begun is recorded when it ends: wait for the next one to start.
    await nextFrame();
    recording = false;
    const pending = (loafObserver?.takeRecords() ?? []) as LoafEntry[];
    const intervals = stamps.slice(1).map((t, i) => t - stamps[i]!);
    return {
      intervals,
      tickMs: ticks,
      longFrames: [...longFrames, ...pending]
        .filter((entry) => entry.startTime >= windowStart)
        .map(summarise),
    } satisfies FrameWindow;
  },

  async timeFind(marker): Promise<FindTiming> {
    const started = performance.now();
    map!.add(marker, true);
    const added = performance.now();
    await nextFrame();
    const shown = await afterThisFrame();
    const tickMs = lastTickMs;
    await nextFrame();
    const next = performance.now();
    return {
      syncMs: added - started,
      shownMs: shown - started,
      nextFrameMs: next - started,
      tickMs,
    };
  },
};

(window as unknown as { mapBench: MapBenchApi }).mapBench = api;
