/**
 * `npm run bench:client [-- --json FILE] [-- --screenshots DIR]`: how the
 * live map (PlaceMap, PixiJS) holds up against a plain D3 SVG rendering of
 * the same outlines and markers, in this machine's headless Chromium.
 *
 * 1. Reads real places from the suites' PGlite gazetteer (data/test, or
 *    TEST_DATA_DIR): 10,000 of Germany's and 50,000 of Europe's, drawn in a
 *    fixed pseudo-random order, and closes it again.
 * 2. Builds the benchmark page (bench/vite.client-bench.config.ts →
 *    dist/client-bench; the game's build is left alone).
 * 3. Starts the real game server (PGlite at the same directory, no Redis) so
 *    that GET /api/maps/DE and /api/maps/europe serve the real outlines, and
 *    a small server for the page that passes /api/maps through to it.
 * 4. In /usr/bin/chromium (never a downloaded one), a fresh 1280×800 page
 *    per run: pan/zoom by a fixed script of wheel and drag input at 10,000
 *    (DE) and 50,000 (europe) markers, and live finds on top of 10,000, once
 *    with PlaceMap and once with the SVG map.
 *
 * The machine is shared and noisy: compare within one run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../test/support/chromium.js';
import type { BenchMarker, RendererKind } from '../client/bench/bench-api.js';
import { openDatabase } from '../db/open-database.js';
import type { Place } from '../protocol/types.js';
import { colorForSeat } from '../server/rooms/colors.js';
import { eventually, freePort } from '../test/support/processes.js';
import { serveBenchPage, type BenchPageServer } from './bench-page-server.js';
import {
  findDetail,
  findRow,
  formatDetails,
  formatTable,
  panZoomDetail,
  panZoomRow,
} from './client-report.js';
import { runFinds, runPanZoom, WARM_UP_FINDS, type OpenedWithMarkers } from './map-scenarios.js';

const ROOT = join(import.meta.dirname, '..');
const DATA_DIR = process.env.TEST_DATA_DIR || join(ROOT, 'data', 'test');
const CHROMIUM = CHROMIUM_PATH;
const PAGE_DIR = join(ROOT, 'dist', 'client-bench');
const SMALL = 10_000;
const LARGE = 50_000;
const PLAYERS = 8;
/** The whole run, build and start included, stops here whatever happens. */
const TIME_LIMIT_MS = 15 * 60_000;

const { values: options } = parseArgs({
  options: {
    json: { type: 'string' },
    screenshots: { type: 'string' },
    finds: { type: 'string', default: '30' },
  },
});
const FINDS = Math.max(1, Math.min(200, Number(options.finds) || 30));

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}
const watchdog = setTimeout(() => {
  console.error(`bench:client: stopped after ${TIME_LIMIT_MS / 60_000} minutes`);
  void cleanUp().finally(() => process.exit(1));
}, TIME_LIMIT_MS);

/** Places in a fixed pseudo-random order, so a subset spreads over the whole area. */
async function readPlaces(): Promise<{ germany: Place[]; europe: Place[] }> {
  const columns = 'p.id, p.name, p.country, p.admin1, p.lat, p.lon, p.population';
  const db = await openDatabase({ dataDir: DATA_DIR });
  try {
    const germany = await db.query<Place>(
      `SELECT ${columns} FROM places p WHERE p.country = 'DE' ORDER BY md5(p.id::text) LIMIT $1`,
      [SMALL + WARM_UP_FINDS + FINDS],
    );
    const europe = await db.query<Place>(
      `SELECT ${columns} FROM places p JOIN countries c ON c.code = p.country
       WHERE c.continent = 'europe' ORDER BY md5(p.id::text) LIMIT $1`,
      [LARGE],
    );
    return { germany, europe };
  } finally {
    // The game server opens the same directory next; PGlite serves one process at a time.
    await db.close();
  }
}

/** Markers as a game of PLAYERS players would colour them. */
function markersFor(places: readonly Place[]): BenchMarker[] {
  const colors: string[] = [];
  while (colors.length < PLAYERS) colors.push(colorForSeat(colors));
  return places.map((place, i) => ({
    place,
    color: colors[i % PLAYERS]!,
    label: `${place.name} — Player ${(i % PLAYERS) + 1}`,
  }));
}

function buildPage() {
  const built = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(ROOT, 'bench', 'vite.client-bench.config.ts'),
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit', timeout: 180_000 },
  );
  if (built.status !== 0) throw new Error('the benchmark page did not build');
}

async function startGameServer(): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'server', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR,
        DATABASE_URL: '',
        REDIS_URL: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  cleanups.push(async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  await eventually(
    async () => {
      if (server.exitCode !== null) throw new Error('the game server exited');
      return (await fetch(`${url}/healthz`)).status === 200 ? true : undefined;
    },
    120_000,
    'the game server',
  );
  for (const scope of ['DE', 'europe']) {
    const response = await fetch(`${url}/api/maps/${scope}`);
    if (!response.ok) throw new Error(`GET /api/maps/${scope}: HTTP ${response.status}`);
  }
  return url;
}

async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  return browser;
}

/** Both maps must put the same place on the same pixel, or they do not draw the same map. */
function checkSameProjection(a: OpenedWithMarkers, b: OpenedWithMarkers) {
  const apart = a.probe.map((p, i) => {
    const q = b.probe[i];
    return p && q ? Math.hypot(p[0] - q[0], p[1] - q[1]) : Infinity;
  });
  const worst = Math.max(0, ...apart);
  if (worst > 0.01 || a.width !== b.width || a.height !== b.height) {
    throw new Error(
      `the Pixi and SVG maps differ: ${a.width}×${a.height} vs ${b.width}×${b.height}, markers up to ${worst} px apart`,
    );
  }
}

async function main() {
  const started = performance.now();
  console.error(`reading places from ${DATA_DIR}…`);
  const { germany, europe } = await readPlaces();
  if (germany.length < SMALL + WARM_UP_FINDS + FINDS || europe.length < LARGE)
    throw new Error(`too few places: ${germany.length} in DE, ${europe.length} in Europe`);
  const germanMarkers = markersFor(germany);
  const small = germanMarkers.slice(0, SMALL);
  const finds = germanMarkers.slice(SMALL);
  const large = markersFor(europe);

  console.error('building the benchmark page…');
  buildPage();
  console.error('starting the game server…');
  const gameUrl = await startGameServer();
  const pages: BenchPageServer = await serveBenchPage(PAGE_DIR, gameUrl);
  cleanups.push(() => pages.close());
  const pageUrl = `${pages.url}/bench/map-bench.html`;
  const browser = await launchBrowser();
  if (options.screenshots) mkdirSync(options.screenshots, { recursive: true });
  const shot = (name: string) =>
    options.screenshots ? join(options.screenshots, `${name}.png`) : undefined;

  /** Pixi first, then SVG, each in a fresh page. */
  const both = async <T>(run: (renderer: RendererKind) => Promise<T>): Promise<[T, T]> => [
    await run('pixi'),
    await run('svg'),
  ];
  const panZoom = (scope: string, markers: BenchMarker[]) =>
    both((renderer) => {
      console.error(`pan/zoom: ${renderer}, ${markers.length} markers on ${scope}…`);
      const screenshot = shot(`${renderer}-${scope}-${markers.length}`);
      return runPanZoom(browser, pageUrl, { renderer, scope, markers, screenshot });
    });
  const [pixiSmall, svgSmall] = await panZoom('DE', small);
  const [pixiLarge, svgLarge] = await panZoom('europe', large);
  const [pixiFinds, svgFinds] = await both((renderer) => {
    console.error(`new finds: ${renderer}, ${finds.length} on ${small.length} markers…`);
    return runFinds(browser, pageUrl, { renderer, scope: 'DE', markers: small }, finds);
  });
  checkSameProjection(pixiSmall, svgSmall);
  checkSameProjection(pixiLarge, svgLarge);

  const rows = [
    panZoomRow(pixiSmall, svgSmall, 33),
    panZoomRow(pixiLarge, svgLarge, 50),
    findRow(pixiFinds, svgFinds, 50),
  ];
  const details = {
    panZoom: [pixiSmall, svgSmall, pixiLarge, svgLarge].map(panZoomDetail),
    finds: [pixiFinds, svgFinds].map(findDetail),
  };
  const meta = {
    date: new Date().toISOString(),
    browser: `${CHROMIUM} ${browser.version()}`,
    pixiBackend: pixiSmall.backend,
    map: `${pixiSmall.width}×${pixiSmall.height} CSS px in a 1280×800 viewport`,
    maps: { [SMALL]: 'DE', [LARGE]: 'europe' },
    findsMeasured: FINDS,
    warmUpFinds: WARM_UP_FINDS,
    addAllMs: Object.fromEntries(
      [pixiSmall, svgSmall, pixiLarge, svgLarge].map((r) => [
        `${r.renderer}-${r.markers}`,
        Math.round(r.addMs),
      ]),
    ),
    seconds: Math.round((performance.now() - started) / 1000),
  };

  console.log(
    `Map benchmark: ${meta.browser}; ${meta.pixiBackend}; map ${meta.map};\n` +
      `pan/zoom = rAF frame intervals over 4 scripted gestures (64 wheel/drag events, each window ` +
      `until 250 ms after its last input); new find = add() to the end of the frame that shows it ` +
      `(${FINDS} finds after ${WARM_UP_FINDS} warm-up).\n`,
  );
  console.log(formatTable(rows));
  console.log(`\n${formatDetails(details.panZoom, details.finds)}`);
  console.log(
    `\nadding all markers at once (ms): ${Object.entries(meta.addAllMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${meta.seconds} s in all`,
  );
  if (options.json) {
    const raw = { pixiSmall, svgSmall, pixiLarge, svgLarge, pixiFinds, svgFinds };
    writeFileSync(options.json, JSON.stringify({ meta, rows, details, raw }, null, 2) + '\n');
    console.error(`wrote ${options.json}`);
  }
}

main()
  .then(
    () => 0,
    (error: unknown) => {
      console.error(error);
      return 1;
    },
  )
  .then(async (code) => {
    clearTimeout(watchdog);
    await cleanUp();
    process.exit(code);
  });
