/**
 * The two latencies a player feels, measured in the real game page
 * (dist/client served by the game server) on this machine's software WebGL:
 *
 * - `placerace:feedback`: Enter on the guess field → the frame that shows
 *   the guess's feedback;
 * - `placerace:marker`: a `place:found` arriving → the frame that shows its
 *   marker.
 *
 * The page records both itself (client/src/latency-marks.ts) as User Timing
 * measures; this scenario only sets the scene and reads them. Bots fill a
 * room of Germany to 1,000 finds, the player opens it, waits for every
 * marker, then guesses a planned mix of hits, taken places and misses while
 * the bots keep finding; then the bots fill the same room to 10,000 and the
 * player comes back (the browser context remembers the seat) for the same.
 */
import {
  devices,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { BotRoom, BOTS, type GuessKind } from './game-bots.js';
import type { GuessNames } from './game-guesses.js';

/** The measures' names, as client/src/latency-marks.ts gives them (that module is DOM code, not imported here). */
export const FEEDBACK_MEASURE = 'placerace:feedback';
export const MARKER_MEASURE = 'placerace:marker';

/** Finds in the room at each phase. */
export const LEVELS = [1_000, 10_000] as const;
const GUESSES_PER_PHASE = 40;
/** A quick player: one guess every 400 ms. */
const GUESS_GAP_MS = 400;
/** The bots' finds while the player guesses, so that markers arrive as in a lively game. */
const TRICKLE_PER_SECOND = 4;
/** After the markers are on: the upload, the first renders and their garbage pass before measuring. */
const SETTLE_MS = 1000;
/** After the last guess: its feedback and the last finds' markers get painted. */
const DRAIN_MS = 1500;
/** Software WebGL may take a while to put 10,000 markers on a fresh page. */
const MAP_READY_TIMEOUT_MS = 180_000;
const SCREEN_TIMEOUT_MS = 60_000;

export interface Viewport {
  name: 'desktop' | 'phone';
  options: BrowserContextOptions;
}

export const VIEWPORTS: readonly Viewport[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  {
    // Close to Playwright's Pixel 7, at the common 390×844 phone size.
    name: 'phone',
    options: {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      userAgent: devices['Pixel 7']!.userAgent,
    },
  },
];

export type Planned = 'hit' | 'taken' | 'miss';
interface PlannedGuess {
  planned: Planned;
  text: string;
}
/** What the feedback said; `late` when it still showed the previous guess's when the next was due. */
export type Outcome = GuessKind | 'error' | 'late';

export interface PhaseRun {
  viewport: Viewport['name'];
  level: number;
  /** Finds in the room when the page opened: the markers it had to show. */
  markers: number;
  /** From navigating to /r/CODE to the map showing every marker. */
  mapReadyMs: number;
  feedbackMs: number[];
  markerMs: number[];
  /** What each guess was meant to be, in the order typed. */
  planned: Planned[];
  outcomes: Partial<Record<Outcome, number>>;
  /** Finds made while the player guessed: the bots' trickle and the player's hits. */
  findsDuring: number;
}

export interface GameLatencyRun {
  room: string;
  bots: number;
  /** The scene each phase plays. */
  settings: {
    guessesPerPhase: number;
    guessGapMs: number;
    botFindsPerSecond: number;
    viewports: readonly Viewport[];
  };
  /** Seconds each fill took, by the level it filled to. */
  fillSeconds: Record<number, number>;
  botResults: Record<GuessKind, number>;
  botRateLimited: number;
  phases: PhaseRun[];
}

export interface GameLatencyOptions {
  viewports: readonly Viewport[];
  /** Where to save a screenshot of a phase's page, if anywhere. */
  screenshot?: (name: string) => string | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runGameLatency(
  browser: Browser,
  gameUrl: string,
  names: GuessNames,
  options: GameLatencyOptions,
): Promise<GameLatencyRun> {
  const room = await BotRoom.open(gameUrl, names.bots);
  const contexts: BrowserContext[] = [];
  try {
    // One context per viewport for the whole run: it remembers the player's seat.
    for (const viewport of options.viewports)
      contexts.push(await browser.newContext(viewport.options));
    const plan = plannedGuesses(names);
    const phases: PhaseRun[] = [];
    const fillSeconds: Record<number, number> = {};
    for (const level of LEVELS) {
      console.error(
        `game latency: ${BOTS} bots fill room ${room.code} to ${level.toLocaleString('en')} finds…`,
      );
      const started = performance.now();
      await room.fillTo(level);
      fillSeconds[level] = Math.round((performance.now() - started) / 1000);
      for (const [i, viewport] of options.viewports.entries()) {
        console.error(
          `game latency: ${viewport.name} player at ${room.finds.toLocaleString('en')} finds…`,
        );
        const guesses = Array.from({ length: GUESSES_PER_PHASE }, () => plan.next().value!);
        const screenshot = options.screenshot?.(`game-${viewport.name}-${level}`);
        phases.push(
          await measurePhase(contexts[i]!, viewport, { gameUrl, room, level, guesses, screenshot }),
        );
      }
    }
    return {
      room: room.code,
      bots: BOTS,
      settings: {
        guessesPerPhase: GUESSES_PER_PHASE,
        guessGapMs: GUESS_GAP_MS,
        botFindsPerSecond: TRICKLE_PER_SECOND,
        viewports: options.viewports,
      },
      fillSeconds,
      botResults: room.results,
      botRateLimited: room.rateLimited,
      phases,
    };
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    room.close();
  }
}

/** Hit, taken, hit, miss, over and over: half the guesses find, as a good player's do. */
function* plannedGuesses(names: GuessNames): Generator<PlannedGuess, never> {
  const pattern: Planned[] = ['hit', 'taken', 'hit', 'miss'];
  for (let i = 0; ; i++) {
    const planned = pattern[i % pattern.length]!;
    const pool = planned === 'hit' ? names.hits : planned === 'taken' ? names.taken : names.misses;
    // Hits are used once each (a second time would be a repeat); the others may come again.
    const index = planned === 'hit' ? Math.floor(i / 2) : Math.floor(i / 4);
    const text = pool[planned === 'hit' ? index : index % pool.length];
    if (text === undefined) throw new Error(`no more ${planned} names for the player`);
    yield { planned, text };
  }
}

interface PhaseSetup {
  gameUrl: string;
  room: BotRoom;
  level: number;
  guesses: readonly PlannedGuess[];
  screenshot: string | undefined;
}

async function measurePhase(
  context: BrowserContext,
  viewport: Viewport,
  setup: PhaseSetup,
): Promise<PhaseRun> {
  const { room } = setup;
  const markers = room.finds;
  const page = await context.newPage();
  try {
    const mapReadyMs = await openRoomPage(
      page,
      viewport,
      `${setup.gameUrl}/r/${room.code}`,
      markers,
    );
    await sleep(SETTLE_MS);
    await page.evaluate(
      (names) => names.forEach((name) => performance.clearMeasures(name)),
      [FEEDBACK_MEASURE, MARKER_MEASURE],
    );
    const findsBefore = room.finds;
    const stopTrickle = room.trickle(TRICKLE_PER_SECOND);
    const outcomes = await playGuesses(page, setup.guesses).finally(stopTrickle);
    await sleep(DRAIN_MS);
    const [feedbackMs, markerMs] = await page.evaluate(
      (names) =>
        names.map((name) => performance.getEntriesByName(name, 'measure').map((e) => e.duration)),
      [FEEDBACK_MEASURE, MARKER_MEASURE],
    );
    if (setup.screenshot) await page.screenshot({ path: setup.screenshot });
    return {
      viewport: viewport.name,
      level: setup.level,
      markers,
      mapReadyMs,
      feedbackMs: feedbackMs ?? [],
      markerMs: markerMs ?? [],
      planned: setup.guesses.map((guess) => guess.planned),
      outcomes,
      findsDuring: room.finds - findsBefore,
    };
  } finally {
    // The context stays, and with it the seat: the next phase opens the room again, like a reload.
    await page.close();
  }
}

/** Opens the room, joining the first time, and waits until the map shows `markers` markers. */
async function openRoomPage(page: Page, viewport: Viewport, roomUrl: string, markers: number) {
  forwardProblems(page, viewport.name);
  const started = performance.now();
  await gotoClient(page, roomUrl);
  const guessField = page.getByLabel('Name a place');
  const nickname = page.getByLabel('Nickname');
  await guessField.or(nickname).waitFor({ timeout: SCREEN_TIMEOUT_MS });
  // The first visit asks for a nickname; later ones rejoin with the seat the context remembers.
  if (await nickname.isVisible()) {
    await nickname.fill(`${viewport.name} player`);
    await page.getByRole('button', { name: 'Join' }).click();
    await guessField.waitFor({ timeout: SCREEN_TIMEOUT_MS });
  }
  // #map's data-markers counts the markers on the map (client/src/map/room-map.ts).
  await page.waitForFunction(
    (wanted) => {
      const map = (
        globalThis as unknown as {
          document: {
            getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
          };
        }
      ).document.getElementById('map');
      return Number(map?.dataset.markers ?? 0) >= wanted;
    },
    markers,
    { timeout: MAP_READY_TIMEOUT_MS, polling: 100 },
  );
  return performance.now() - started;
}

/**
 * The server answers 503 while dist/client has no index.html: for a moment
 * when another build of the client in the same working tree replaces it.
 */
async function gotoClient(page: Page, url: string) {
  const deadline = Date.now() + SCREEN_TIMEOUT_MS;
  for (;;) {
    const response = await page.goto(url);
    if (response?.status() !== 503) return;
    if (Date.now() > deadline)
      throw new Error(`${url}: the game server says its client is not built`);
    await sleep(1000);
  }
}

interface Feedback {
  text: string;
  kind: string;
}

const feedbackOf = (page: Page): Promise<Feedback> =>
  page.locator('.feedback').evaluate((element) => ({
    text: element.textContent ?? '',
    // The client sets `feedback <result kind>` (or `feedback error`).
    kind: element.className.replace('feedback', '').trim(),
  }));

/**
 * Types each guess and presses Enter on a fixed 400 ms schedule; just before
 * each next one, reads what the feedback said to the last, to check the plan held.
 */
async function playGuesses(page: Page, guesses: readonly PlannedGuess[]) {
  const field = page.getByLabel('Name a place');
  const outcomes: Partial<Record<Outcome, number>> = {};
  const count = (before: Feedback, after: Feedback) => {
    const outcome = (after.text === before.text ? 'late' : after.kind) as Outcome;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  const started = performance.now();
  let before = await feedbackOf(page);
  for (const [i, guess] of guesses.entries()) {
    await sleep(started + i * GUESS_GAP_MS - performance.now());
    if (i > 0) {
      const after = await feedbackOf(page);
      count(before, after);
      before = after;
    }
    await field.fill(guess.text);
    await field.press('Enter');
  }
  await sleep(GUESS_GAP_MS);
  count(before, await feedbackOf(page));
  return outcomes;
}

function forwardProblems(page: Page, name: string) {
  page.on('pageerror', (error) => console.error(`[game ${name}] ${error.message}`));
  page.on('console', (message) => {
    // Chromium's "GPU stall due to ReadPixels" under software WebGL: known, and not the game's.
    if (message.text().includes('GL Driver Message')) return;
    if (message.type() === 'error' || message.type() === 'warning')
      console.error(`[game ${name}] ${message.text()}`);
  });
}
