/**
 * The daily quiz end to end in Debian's Chromium against the real server
 * process: from the home page a player plays today's quiz alone, names a
 * few places, ends the game, reads the share text in the results and finds
 * the entry on the day's board. On a desktop and on a phone (each its own
 * browser, so each its own entry); screenshots of the card, the results and
 * the board in E2E_SHOTS.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DailyQuizInfo } from '../protocol/daily.js';
import { describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { testDataDir } from './support/services.js';
import {
  contextOptions,
  guess,
  startServer,
  type ServerProcess,
  type Size,
} from './support/browser-game.js';
import { call, connectPlayer, disconnectAll, nextEvent } from './support/game-client.js';

/** The suite's players, named apart from earlier runs' on the same data and day. */
const run = Math.random().toString(36).slice(2, 6);

let server: ServerProcess;
let browser: Browser;
let quiz: DailyQuizInfo;
/** The largest places of today's quiz, distinct names. */
let names: string[];

beforeAll(async () => {
  server = await startServer(testDataDir);
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
  quiz = (await (await fetch(`${server.url}/api/daily`)).json()) as DailyQuizInfo;
  // The places to name, as a finished game of the quiz lists the ones nobody named.
  const scout = await connectPlayer(server.url);
  await call(scout, 'room:create', { nickname: 'Scout', settings: { scope: quiz.scope } });
  await call(scout, 'game:start', {});
  const ended = nextEvent(scout, 'game:ended');
  await call(scout, 'game:end', {});
  names = [...new Set((await ended).missed.map((p) => p.name))];
  disconnectAll();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, size: Size, what: string) =>
  page.screenshot({
    path: join(E2E_SHOTS, `daily-${what}-${size}.png`),
    fullPage: what !== 'results',
  });

describeBrowser('the daily quiz in a browser', () => {
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  test.each([
    ['desktop', `Dana ${run}`, 3],
    ['phone', `Pip ${run}`, 2],
  ] as const)(
    'on a %s: play alone, finish, share, see the board',
    async (size, nickname, count) => {
      const context = await browser.newContext({
        ...contextOptions('light', size),
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(server.url);

      const card = page.getByRole('region', { name: `Daily #${quiz.number} · ${quiz.name}` });
      await card.waitFor();
      await shot(page, size, 'home');
      await page.getByLabel('Nickname').fill(nickname);
      await card.getByRole('button', { name: 'Play alone' }).click();

      // Alone, the game starts at once.
      await page.getByLabel('Name a place').waitFor({ timeout: 15_000 });
      const named = size === 'desktop' ? names.slice(0, count) : names.slice(10, 10 + count);
      for (const name of named) await guess(page, name);
      await page
        .getByRole('list', { name: 'Scoreboard' })
        .getByRole('listitem')
        .filter({ hasText: new RegExp(`\\b${count} places\\b`) })
        .waitFor({ timeout: 10_000 });
      await page.getByRole('button', { name: 'End game' }).click();

      const daily = page.getByRole('region', { name: 'Daily board' });
      await daily.waitFor({ timeout: 15_000 });
      await expect(daily.locator('.daily-standing').textContent()).resolves.toMatch(
        new RegExp(`^Daily #${quiz.number}: you are \\d+(st|nd|rd|th) of \\d+ on the board\\.$`),
      );
      const text = await daily.locator('.daily-share-text').textContent();
      expect(text).toMatch(
        new RegExp(
          `^placerace daily #${quiz.number} · ${escape(quiz.name)} · ${count} places · \\d+\\.\\d %$`,
        ),
      );
      await daily.getByRole('button', { name: 'Copy share text' }).click();
      await daily.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(text);
      await shot(page, size, 'results');

      await daily.getByRole('link', { name: 'See the board →' }).click();
      await page.waitForURL(/\/daily\?date=\d{4}-\d{2}-\d{2}$/);
      const row = page.getByRole('row').filter({ hasText: nickname });
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain(String(count));
      await shot(page, size, 'board');
    },
  );

  test.each(['desktop', 'phone'] as const)(
    'on a %s: play with friends opens the lobby with its link, the quiz fixed',
    async (size) => {
      const context = await browser.newContext(contextOptions('light', size));
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByLabel('Nickname').fill('Host');
      await page.getByRole('button', { name: 'Play with friends' }).click();
      await page.waitForURL(/\/r\/[A-Z0-9]{6}$/);
      await page.getByRole('button', { name: 'Copy link' }).waitFor();
      // Today's quiz for everyone: no chooser for the host, the quiz named.
      await page.getByText(`${quiz.name} (`).first().waitFor();
      expect(await page.locator('#lobby-quiz').count()).toBe(0);
      expect(await page.locator('#lobby-mode').count()).toBe(0);
      await shot(page, size, 'lobby');
    },
  );
});

/** `text` as a literal in a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
