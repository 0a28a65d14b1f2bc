/**
 * `npm run bench:client [-- --json FILE] [-- --screenshots DIR] [-- --only map|game]`:
 * how the live map (PlaceMap, PixiJS) holds up against a plain D3 SVG
 * rendering of the same outlines and markers, and what a player feels in the
 * real game page, in this machine's headless Chromium (software WebGL).
 *
 * 1. Brings the suites' PGlite gazetteer (data/test, or TEST_DATA_DIR) up to
 *    date as the server would (a fresh clone imports it here), reads real
 *    places from it: 10,000 of Germany's and 50,000 of Europe's, drawn in a
 *    fixed pseudo-random order, and every German name for the game's bots;
 *    and closes it again.
 * 2. Builds the benchmark page (bench/vite.client-bench.config.ts →
 *    dist/client-bench) and, when stale, the game (scripts/ensure-client.js
 *    → dist/client).
 * 3. Starts the real game server (PGlite at the same directory, no Redis) so
 *    that GET /api/maps/DE and /api/maps/europe serve the real outlines, and
 *    a small server for the bench page that passes /api/maps through to it.
 * 4. In /usr/bin/chromium (never a downloaded one), a fresh 1280×800 page
 *    per run: pan/zoom by a fixed script of wheel and drag input at 10,000
 *    (DE) and 50,000 (europe) markers, and live finds on top of 10,000, once
 *    with PlaceMap and once with the SVG map.
 * 5. The game page itself at 1,000 and 10,000 finds, on a desktop and a
 *    phone viewport: bots play, a player guesses, and the page's own
 *    `placerace:feedback` and `placerace:marker` measures are read
 *    (bench/game-latency.ts).
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
import { createProgress } from '../db/progress.js';
import { setUpDatabase } from '../db/setup.js';
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
import { readGuessNames, type GuessNames } from './game-guesses.js';
import { runGameLatency, VIEWPORTS } from './game-latency.js';
import { formatLatencyTable, formatPhaseDetails, latencyRows } from './game-latency-report.js';
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
    /** One part only: `map` (PixiJS against SVG) or `game` (the game page's latencies). */
    only: { type: 'string' },
  },
});
const FINDS = Math.max(1, Math.min(200, Number(options.finds) || 30));
if (options.only !== undefined && options.only !== 'map' && options.only !== 'game') {
  console.error(`bench:client: --only takes map or game, not ${options.only}`);
  process.exit(2);
}
const RUN_MAP = options.only !== 'game';
const RUN_GAME = options.only !== 'map';

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}
const watchdog = setTimeout(() => {
  console.error(`bench:client: stopped after ${TIME_LIMIT_MS / 60_000} minutes`);
  void cleanUp().finally(() => process.exit(1));
}, TIME_LIMIT_MS);

/**
 * Places in a fixed pseudo-random order, so a subset spreads over the whole
 * area, and the names the game's bots and player type.
 */
async function readPlaces(): Promise<{
  germany: Place[];
  europe: Place[];
  guessNames: GuessNames;
}> {
  const columns = 'p.id, p.name, p.country, p.admin1, p.lat, p.lon, p.population';
  const db = await openDatabase({ dataDir: DATA_DIR });
  try {
    // A fresh clone has no data/test yet: migrate and import as the server's start would.
    console.error(
      `bringing the gazetteer in ${DATA_DIR} up to date (a first import takes 10–60 s)…`,
    );
    await setUpDatabase(db, { progress: createProgress() });
    console.error('reading places…');
    const germany = await db.query<Place>(
      `SELECT ${columns} FROM places p WHERE p.country = 'DE' ORDER BY md5(p.id::text) LIMIT $1`,
      [SMALL + WARM_UP_FINDS + FINDS],
    );
    const europe = await db.query<Place>(
      `SELECT ${columns} FROM places p JOIN countries c ON c.code = p.country
       WHERE c.continent = 'europe' ORDER BY md5(p.id::text) LIMIT $1`,
      [LARGE],
    );
    return { germany, europe, guessNames: await readGuessNames(db) };
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

/** The game page measured must be the current sources' build: rebuilt when stale, as `npm start` does. */
function ensureGameClient() {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-client.js')], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 180_000,
  });
  if (built.status !== 0) throw new Error('the game client did not build');
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

type Screenshot = (name: string) => string | undefined;

/** PlaceMap against the SVG map in the bench page: prints its table, returns its part of the JSON. */
async function runMapBench(
  browser: Browser,
  gameUrl: string,
  places: { germany: Place[]; europe: Place[] },
  shot: Screenshot,
) {
  const germanMarkers = markersFor(places.germany);
  const small = germanMarkers.slice(0, SMALL);
  const finds = germanMarkers.slice(SMALL);
  const large = markersFor(places.europe);
  const pages: BenchPageServer = await serveBenchPage(PAGE_DIR, gameUrl);
  cleanups.push(() => pages.close());
  const pageUrl = `${pages.url}/bench/map-bench.html`;

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
  };

  console.log(
    `Map benchmark: ${CHROMIUM} ${browser.version()}; ${meta.pixiBackend}; map ${meta.map};\n` +
      `pan/zoom = rAF frame intervals over 4 scripted gestures (64 wheel/drag events, each window ` +
      `until 250 ms after its last input); new find = add() to the end of the frame that shows it ` +
      `(${FINDS} finds after ${WARM_UP_FINDS} warm-up).\n`,
  );
  console.log(formatTable(rows));
  console.log(`\n${formatDetails(details.panZoom, details.finds)}`);
  console.log(
    `\nadding all markers at once (ms): ${Object.entries(meta.addAllMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const raw = { pixiSmall, svgSmall, pixiLarge, svgLarge, pixiFinds, svgFinds };
  return { meta, rows, details, raw };
}

/** The game page's own latency measures: prints their table, returns the game's part of the JSON. */
async function runGameBench(
  browser: Browser,
  gameUrl: string,
  names: GuessNames,
  shot: Screenshot,
) {
  const run = await runGameLatency(browser, gameUrl, names, {
    viewports: VIEWPORTS,
    screenshot: shot,
  });
  const rows = latencyRows(run);
  console.log(
    `\nGame page (dist/client from the game server, ${CHROMIUM} ${browser.version()}, software WebGL): ` +
      `${run.bots} bots in an untimed race of Germany, one player per viewport (desktop 1280×800; ` +
      `phone 390×844 @2×, touch). Per phase: ${run.settings.guessesPerPhase} guesses, one every ` +
      `${run.settings.guessGapMs} ms (hit, taken, hit, miss), while the bots find ` +
      `${run.settings.botFindsPerSecond} places a second. feedback = Enter → the frame showing its feedback; ` +
      `marker = place:found → the frame showing its marker (the page's own User Timing measures).\n`,
  );
  console.log(formatLatencyTable(rows));
  console.log(`\n${formatPhaseDetails(run)}`);
  if (rows.every((row) => row.count === 0)) {
    console.log(
      'The page recorded no placerace:* measures: is client/src/latency-marks.ts wired into the game screen?',
    );
  }
  return { rows, run };
}

async function main() {
  const started = performance.now();
  const { germany, europe, guessNames } = await readPlaces();
  if (germany.length < SMALL + WARM_UP_FINDS + FINDS || europe.length < LARGE)
    throw new Error(`too few places: ${germany.length} in DE, ${europe.length} in Europe`);

  if (RUN_MAP) {
    console.error('building the benchmark page…');
    buildPage();
  }
  console.error('building the game page if its sources changed…');
  ensureGameClient();
  console.error('starting the game server…');
  const gameUrl = await startGameServer();
  const browser = await launchBrowser();
  if (options.screenshots) mkdirSync(options.screenshots, { recursive: true });
  const shot = (name: string) =>
    options.screenshots ? join(options.screenshots, `${name}.png`) : undefined;

  const failed: string[] = [];
  /** The two parts measure different things: one failing still leaves the other's figures. */
  const attempt = <T>(part: string, run: () => Promise<T>) =>
    run().catch((error: unknown) => {
      console.error(`bench:client: the ${part} failed:`, error);
      failed.push(part);
      return undefined;
    });
  const map = RUN_MAP
    ? await attempt('map benchmark', () => runMapBench(browser, gameUrl, { germany, europe }, shot))
    : undefined;
  const gameLatency = RUN_GAME
    ? await attempt('game latency', () => runGameBench(browser, gameUrl, guessNames, shot))
    : undefined;
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(`\n${seconds} s in all`);
  if (options.json) {
    const meta = {
      date: new Date().toISOString(),
      browser: `${CHROMIUM} ${browser.version()}`,
      ...map?.meta,
      seconds,
    };
    const report = { meta, rows: map?.rows, details: map?.details, raw: map?.raw, gameLatency };
    writeFileSync(options.json, JSON.stringify(report, null, 2) + '\n');
    console.error(`wrote ${options.json}`);
  }
  if (failed.length > 0) throw new Error(`bench:client: ${failed.join(' and ')} failed (above)`);
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
