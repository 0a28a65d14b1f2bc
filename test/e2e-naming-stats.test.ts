/**
 * "What people name" end to end in Debian's Chromium, against the real
 * server process (PGlite), its statistics job run every second
 * (NAMING_STATS_INTERVAL_MS) instead of every hour: a player plays Germany
 * twice; once the first game is counted, the second one's results say how
 * many games name one of the player's places and link to /stats/DE, which
 * shows the map and the tables. The quiz chooser links there too; a quiz
 * nobody played says so. Screenshots, desktop and phone, in test-results/e2e/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { NamingStats } from '../protocol/naming-stats.js';
import {
  contextOptions,
  createRoom,
  guess,
  startServer,
  type ServerProcess,
} from './support/browser-game.js';
import { describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { eventually } from './support/processes.js';
import { testDataDir } from './support/services.js';

let server: ServerProcess;
let browser: Browser;
let serverStarted: number;

beforeAll(async () => {
  serverStarted = Date.now();
  server = await startServer(testDataDir, { env: { NAMING_STATS_INTERVAL_MS: '1000' } });
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const germany = async (): Promise<NamingStats> =>
  (await (await fetch(`${server.url}/api/stats/DE`)).json()) as NamingStats;

const NICKNAME = 'Quillfeather';

/** A game of Germany alone: `places` named, then ended; the results on screen. */
/** Waits for the stats page's map to shade its places (two at least), then for its paint to settle. */
async function statsMapDrawn(page: Page, what: string): Promise<void> {
  const map = page.locator('.naming-map');
  await eventually(
    async () => (Number(await map.getAttribute('data-markers')) >= 2 ? true : undefined),
    30_000,
    what,
  );
  await page.waitForTimeout(500);
}

async function playGermany(page: Page, places: string[]): Promise<void> {
  await createRoom(page, server.url, { nickname: NICKNAME, quiz: 'Germany' });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByLabel('Name a place').waitFor();
  for (const place of places) {
    await guess(page, place);
    await page.getByText(new RegExp(`^Found ${place}`)).waitFor();
  }
  await page.getByRole('button', { name: 'End game' }).click();
  await page.getByRole('heading', { name: new RegExp(`^${NICKNAME} named`) }).waitFor();
}

describeBrowser('what people name, in a browser', () => {
  test('play, see the results line, follow it to the stats page; desktop and phone', async () => {
    // The job's first run in this server counts what other suites saved in
    // the shared database; only after it does a new count mean this game.
    const before = await eventually(
      async () => {
        const stats = await germany();
        return stats.updatedAt !== null && stats.updatedAt >= serverStarted
          ? stats.games
          : undefined;
      },
      30_000,
      'the statistics job run once',
    );
    const context = await browser.newContext(contextOptions('light', 'desktop'));
    const page = await context.newPage();

    // Bremen too: the first results ask for the shares of other places than
    // the second's, whose answer the browser keeps for minutes (Cache-Control).
    await playGermany(page, ['Hamburg', 'Dortmund', 'Bremen']);
    // The job (every second here) counts the saved game.
    await eventually(
      async () => ((await germany()).games > before ? true : undefined),
      30_000,
      'the first game counted',
    );

    // The same places again: both are counted now, the rarer of them is told.
    await playGermany(page, ['Hamburg', 'Dortmund']);
    const line = page.locator('.naming-line');
    await line.getByText(/^You named (Hamburg|Dortmund)/).waitFor({ timeout: 15_000 });
    expect(await line.textContent()).toMatch(
      /^You named (Hamburg|Dortmund): \d+% of games in this quiz do\. What people name in Germany$/,
    );
    await line.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${E2E_SHOTS}/stats-results.png` });

    await line.getByRole('link', { name: 'What people name in Germany' }).click();
    await page.waitForURL(/\/stats\/DE$/);
    await page.getByRole('heading', { name: 'What people name: Germany' }).waitFor();
    const most = page.getByRole('table', { name: 'The most named places' });
    await most.getByText('Hamburg', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Big places rarely named' }).waitFor();
    await page
      .getByText(/^From [\d,]+ finished games?\. Games are counted every hour, last on/)
      .waitFor();
    await page.getByText(/^In the median game, the places named are home to/).waitFor();
    await statsMapDrawn(page, 'the map drawn');
    await page.screenshot({ path: `${E2E_SHOTS}/stats-desktop.png` });
    await page.screenshot({ path: `${E2E_SHOTS}/stats-desktop-full.png`, fullPage: true });
    // No player's nickname on the page.
    expect(await page.locator('body').textContent()).not.toContain(NICKNAME);
    await context.close();

    const phone = await browser.newContext(contextOptions('light', 'phone'));
    const small = await phone.newPage();
    await small.goto(`${server.url}/stats/DE`);
    await small.getByRole('heading', { name: 'What people name: Germany' }).waitFor();
    await small.getByRole('table', { name: 'The most named places' }).waitFor();
    await statsMapDrawn(small, 'the phone map drawn');
    // Nothing wider than the phone's screen.
    expect(await small.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await small.screenshot({ path: `${E2E_SHOTS}/stats-phone.png` });
    await small.screenshot({ path: `${E2E_SHOTS}/stats-phone-full.png`, fullPage: true });
    await phone.close();

    // The dark theme: the shading stays visible on dark land.
    const dark = await browser.newContext(contextOptions('dark', 'desktop'));
    const night = await dark.newPage();
    await night.goto(`${server.url}/stats/DE`);
    await statsMapDrawn(night, 'the dark map drawn');
    await night.screenshot({ path: `${E2E_SHOTS}/stats-desktop-dark.png` });
    await dark.close();
  });

  test('the quiz chooser links to the chosen quiz; a quiz nobody played says so', async () => {
    const context = await browser.newContext(contextOptions('light', 'phone'));
    const page = await context.newPage();
    await page.goto(server.url);
    const quiz = page.getByLabel('Quiz');
    await quiz.fill('Liechtenstein');
    await page.getByRole('option', { name: /^Liechtenstein/ }).click();
    const link = page.getByRole('link', { name: 'What people name in Liechtenstein' });
    await link.waitFor();
    await page.screenshot({ path: `${E2E_SHOTS}/stats-chooser-phone.png` });
    await link.click();
    await page.waitForURL(/\/stats\/LI$/);
    await page.getByRole('heading', { name: 'What people name: Liechtenstein' }).waitFor();
    await page.getByText('No finished games of this quiz yet.').waitFor();
    await page.screenshot({ path: `${E2E_SHOTS}/stats-empty-phone.png` });

    await page.goto(`${server.url}/stats/XX`);
    await page.getByRole('heading', { name: 'No such quiz' }).waitFor();
    await context.close();
  });
});
