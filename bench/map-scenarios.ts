/**
 * What the map benchmark does in the browser, the same for both renderers:
 * open a map in a fresh page, put the markers on it, then either pan and
 * zoom it with a fixed script of real input (wheel and mouse drag) while the
 * page records its frame intervals, or add live finds one at a time and time
 * each until a frame shows it.
 */
import type { Browser, Page } from 'playwright-core';
import type {
  BenchMarker,
  FindTiming,
  FrameWindow,
  MapBenchApi,
  OpenedMap,
  RendererKind,
} from '../client/bench/bench-api.js';

/** Input events come no faster than a 60 Hz mouse would send them. */
const STEP_MS = 16;
/** Each gesture's window runs on past its last input, over PlaceMap's 150 ms settle and the frame that redraws. */
const AFTER_GESTURE_MS = 250;
/** Live finds arrive this far apart, so a few pulses overlap as in a busy game. */
const FIND_GAP_MS = 250;
export const WARM_UP_FINDS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface MapSetup {
  renderer: RendererKind;
  scope: string;
  markers: readonly BenchMarker[];
  /** Where to save a screenshot of the map with its markers, if anywhere. */
  screenshot?: string | undefined;
}

export interface OpenedWithMarkers extends OpenedMap {
  markers: number;
  addMs: number;
  /** Where the map projects its first few markers, in map pixels: both renderers must agree. */
  probe: ([number, number] | null)[];
}

export interface PanZoomRun extends OpenedWithMarkers {
  gestures: FrameWindow[];
}

export interface FindRun extends OpenedWithMarkers {
  warmUp: FindTiming[];
  finds: FindTiming[];
}

type Step =
  | { kind: 'wheel'; x: number; y: number; deltaY: number }
  | { kind: 'down' | 'move' | 'up'; x: number; y: number };

/**
 * Four gestures, 64 input events in all: zoom in ×8.7 (12 wheel notches),
 * drag, zoom back out, drag back. Positions are fractions of the map's box.
 */
function gestureScript(): Step[][] {
  const wheel = (x: number, y: number, deltaY: number, n: number): Step[] =>
    Array.from({ length: n }, () => ({ kind: 'wheel' as const, x, y, deltaY }));
  const drag = (x: number, y: number, dx: number, dy: number, n: number): Step[] => [
    { kind: 'down', x, y },
    ...Array.from({ length: n }, (_, i) => ({
      kind: 'move' as const,
      x: x + dx * (i + 1),
      y: y + dy * (i + 1),
    })),
    { kind: 'up', x: x + dx * n, y: y + dy * n },
  ];
  return [
    wheel(0.55, 0.45, -120, 12),
    drag(0.6, 0.6, -0.012, -0.01, 20),
    wheel(0.4, 0.5, 120, 12),
    drag(0.35, 0.4, 0.015, 0.0125, 16),
  ];
}

async function openMap(browser: Browser, pageUrl: string, setup: MapSetup) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page ${setup.renderer}] ${error.message}`));
  page.on('console', (message) => {
    // Chromium's "GPU stall due to ReadPixels": with --disable-gpu the compositor is software,
    // so every WebGL frame is read back. Known, and said once in the report instead.
    if (message.text().includes('GL Driver Message')) return;
    if (message.type() === 'error' || message.type() === 'warning')
      console.error(`[page ${setup.renderer}] ${message.text()}`);
  });
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'mapBench' in globalThis, undefined, { timeout: 30_000 });
  const opened = await page.evaluate(
    ([renderer, scope]) =>
      (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.open(renderer, scope),
    [setup.renderer, setup.scope] as const,
  );
  const addMs = await page.evaluate(
    (markers) => (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.addMarkers(markers),
    setup.markers as BenchMarker[],
  );
  const probe = await page.evaluate(
    (places) =>
      places.map(([lon, lat]) =>
        (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.project(lon, lat),
      ),
    setup.markers.slice(0, 5).map((m): [number, number] => [m.place.lon, m.place.lat]),
  );
  // Let the upload, the first renders and the garbage of the adding pass.
  await sleep(1000);
  if (setup.screenshot) await page.locator('#map').screenshot({ path: setup.screenshot });
  const withMarkers: OpenedWithMarkers = {
    ...opened,
    markers: setup.markers.length,
    addMs,
    probe,
  };
  return { context, page, opened: withMarkers };
}

async function play(page: Page, box: OpenedMap, step: Step) {
  const x = box.left + step.x * box.width;
  const y = box.top + step.y * box.height;
  switch (step.kind) {
    case 'wheel':
      await page.mouse.move(x, y);
      return page.mouse.wheel(0, step.deltaY);
    case 'down':
      await page.mouse.move(x, y);
      return page.mouse.down();
    case 'move':
      return page.mouse.move(x, y);
    case 'up':
      await page.mouse.move(x, y);
      return page.mouse.up();
  }
}

/** Pans and zooms by the script, recording frame intervals in each gesture's window. */
export async function runPanZoom(
  browser: Browser,
  pageUrl: string,
  setup: MapSetup,
): Promise<PanZoomRun> {
  const { context, page, opened } = await openMap(browser, pageUrl, setup);
  try {
    const gestures: FrameWindow[] = [];
    for (const steps of gestureScript()) {
      const first = steps[0]!;
      await page.mouse.move(
        opened.left + first.x * opened.width,
        opened.top + first.y * opened.height,
      );
      await page.evaluate(() =>
        (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.beginWindow(),
      );
      for (const step of steps) await Promise.all([play(page, opened, step), sleep(STEP_MS)]);
      gestures.push(
        await page.evaluate(
          (afterMs) =>
            (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.endWindow(afterMs),
          AFTER_GESTURE_MS,
        ),
      );
    }
    return { ...opened, gestures };
  } finally {
    await context.close();
  }
}

/** Adds `finds` one at a time as live finds (PlaceMap animates them), timing each. */
export async function runFinds(
  browser: Browser,
  pageUrl: string,
  setup: MapSetup,
  finds: readonly BenchMarker[],
): Promise<FindRun> {
  const { context, page, opened } = await openMap(browser, pageUrl, setup);
  try {
    const timings: FindTiming[] = [];
    for (const find of finds) {
      timings.push(
        await page.evaluate(
          (marker) =>
            (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.timeFind(marker),
          find,
        ),
      );
      await sleep(FIND_GAP_MS);
    }
    return {
      ...opened,
      warmUp: timings.slice(0, WARM_UP_FINDS),
      finds: timings.slice(WARM_UP_FINDS),
    };
  } finally {
    await context.close();
  }
}
