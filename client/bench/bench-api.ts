/**
 * What the map benchmark's page (map-bench.ts) offers to its driver
 * (bench/client.ts), which calls it through Playwright as `window.mapBench`.
 * Plain data only: it crosses the page boundary as JSON.
 */
import type { Place } from '../../protocol/types.js';

/** PlaceMap's MarkerInfo, restated so that the driver's type check stays free of the DOM and Pixi. */
export interface BenchMarker {
  place: Place;
  color: string;
  label: string;
}

export type RendererKind = 'pixi' | 'svg';

export interface OpenedMap {
  renderer: RendererKind;
  /** The map element's box in the page, in CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** What draws: Pixi's renderer and the WebGL implementation, or "svg". */
  backend: string;
  /** From create() to the first frame with the outlines, in ms. */
  openMs: number;
}

/** A long animation frame (≥ 50 ms) seen during a window, as the browser's LoAF entry tells it. */
export interface LongFrame {
  duration: number;
  /** Time in scripts (rAF callbacks, event handlers, timers). */
  scriptMs: number;
  /** Time in the rendering update after the scripts: style, layout, paint, commit. */
  renderMs: number;
  /** Of renderMs, style and layout. */
  styleLayoutMs: number;
  /** The scripts that ran longest in it, e.g. "FrameRequestCallback 38 ms". */
  topScripts: string[];
}

export interface FrameWindow {
  /** Intervals between consecutive animation frames, in ms. */
  intervals: number[];
  /** Pixi only: main-thread time of each ticker tick (particle upload and render), in ms. */
  tickMs: number[];
  longFrames: LongFrame[];
}

export interface FindTiming {
  /** The add() call or the append itself. */
  syncMs: number;
  /** From the call to the end of the next frame's rendering update (the frame that shows it). */
  shownMs: number;
  /** From the call to the start of the frame after that one (includes pipeline back-pressure). */
  nextFrameMs: number;
  /** Pixi only: main-thread time of the ticker tick in the frame that shows it. */
  tickMs: number | null;
}

export interface MapBenchApi {
  open(renderer: RendererKind, scope: string): Promise<OpenedMap>;
  /** Adds every marker at once (as when joining a game in progress); ms until drawn. */
  addMarkers(markers: BenchMarker[]): Promise<number>;
  /** Where the map's projection puts a point, in map pixels (to check both maps agree). */
  project(lon: number, lat: number): [number, number] | null;
  beginWindow(): void;
  /** Ends the window at the first frame at least `afterMs` from now. */
  endWindow(afterMs: number): Promise<FrameWindow>;
  /** Adds one live find and times it until a frame shows it. */
  timeFind(marker: BenchMarker): Promise<FindTiming>;
}
