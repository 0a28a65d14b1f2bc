/**
 * The page players see while a server starts for the first time, in
 * Debian's Chromium against the real server process on an empty data
 * directory (issue 12): it says what the server is doing ("Importing
 * places, 64%"), its progress bar moves, and it turns into the home page by
 * itself once the server is ready, without a reload. The import is the whole
 * gazetteer, so this suite has a file of its own.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import {
  contextOptions,
  startServer,
  type ServerProcess,
  type Size,
  type Theme,
} from './support/browser-game.js';
import { eventually } from './support/processes.js';

/** A first start imports ~200,000 places: a minute on a slow machine, more on a busy one. */
const STARTING_MS = 180_000;

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The progress bar's value, or null while it moves without a measure. */
const progressValue = (page: Page) =>
  page.evaluate<number | null>(
    "(() => { const bar = document.querySelector('progress'); return bar && bar.hasAttribute('value') ? bar.value : null; })()",
  );

describeBrowser('a server starting for the first time', () => {
  test(
    'the page says what the server is doing, and becomes the home page by itself',
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'placerace-start-'));
      server = await startServer(dataDir, { ready: false });
      const { url } = server;
      // Open the page as soon as the server answers at all: it is still starting.
      const health = await eventually(
        async () => (await fetch(`${url}/healthz`)).status,
        30_000,
        'the server to listen',
      );
      expect(health).toBe(503);

      const looks: [Theme, Size][] = [
        ['light', 'desktop'],
        ['dark', 'phone'],
        ['dark', 'desktop'],
        ['light', 'phone'],
      ];
      const pages = await Promise.all(
        looks.map(async ([theme, size]) => {
          const context = await browser!.newContext(contextOptions(theme, size));
          const page = await context.newPage();
          page.on('pageerror', (error) => console.error('page error', error));
          await page.goto(url);
          return { page, name: `${theme}-${size}` };
        }),
      );
      const [first] = pages;
      const page = first!.page;
      await page.getByRole('heading', { name: 'placerace is starting' }).waitFor();

      // A stage with a measure, as players read it, and a bar that moves with it.
      const stage = page.getByRole('status').filter({ hasText: /^Importing places, \d+%$/ });
      await stage.waitFor({ timeout: STARTING_MS });
      const before = await progressValue(page);
      expect(before).not.toBeNull();
      // The sentence says how far the import has come, in per cent.
      const said = await page.getByText(/^Importing places, \d+%$/).textContent();
      const percent = Number(/(\d+)%/.exec(said ?? '')?.[1]);
      expect(percent).toBeGreaterThanOrEqual(0);
      expect(percent).toBeLessThanOrEqual(100);
      await Promise.all(
        pages.map(async ({ page: other, name }) => {
          await other.getByText(/^Importing places, \d+%$/).waitFor({ timeout: STARTING_MS });
          await other.screenshot({ path: join(E2E_SHOTS, `starting-${name}.png`) });
        }),
      );
      await eventually(
        async () => {
          const now = await progressValue(page);
          return now !== null && now > before! ? true : undefined;
        },
        STARTING_MS,
        'the progress bar to move',
      );

      // Ready: every page turns into the home page on its own, with no reload.
      const navigations: string[] = [];
      for (const { page: other } of pages) {
        other.on('framenavigated', (frame) => navigations.push(frame.url()));
      }
      for (const { page: other } of pages) {
        await other
          .getByRole('heading', { name: 'How many places can you name?' })
          .waitFor({ timeout: STARTING_MS });
      }
      expect(navigations).toEqual([]);
      await page.getByRole('button', { name: 'Create room' }).waitFor();
      await expect(page.getByText('placerace is starting').count()).resolves.toBe(0);
      for (const { page: other } of pages) await other.context().close();
    },
    STARTING_MS * 2,
  );
});
