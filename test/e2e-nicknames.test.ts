/**
 * Hostile nicknames on the page, in Debian's Chromium against the real
 * server: a right-to-left override does not reverse the rest of its
 * scoreboard line (the server drops it), and a right-to-left name does not
 * carry the score after it into its own direction (the page isolates it).
 */
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from './support/chromium.js';
import {
  createRoom,
  startServer,
  waitForTrue,
  type ServerProcess,
} from './support/browser-game.js';
import { call, connectPlayer, disconnectAll } from './support/game-client.js';
import { testDataDir } from './support/services.js';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(testDataDir);
  browser = await launchChromium();
});

afterAll(async () => {
  disconnectAll();
  await browser?.close();
  await server?.stop();
});

/** The scoreboard's lines as the page reads them (innerText), and whether each score is drawn after its name. */
const scoreboardLines = (page: Page) =>
  page.evaluate<{ text: string; scoreAfterName: boolean }[]>(`[
    ...document.querySelectorAll('[aria-label="Scoreboard"] li'),
  ].map((line) => {
    const name = line.querySelector('.name').getBoundingClientRect();
    const score = line.querySelector('.score').getBoundingClientRect();
    return { text: line.innerText, scoreAfterName: score.left >= name.right - 0.5 };
  })`);

describeBrowser('nicknames on the page', () => {
  test('a right-to-left override or a Hebrew name leaves the rest of its scoreboard line in order', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const code = await createRoom(page, server.url, { nickname: 'Ann', quiz: 'Netherlands' });
      const players = [];
      for (const [nickname, place] of [
        ['\u202Eevil', 'Amsterdam'],
        ['שלום 12', 'Rotterdam'],
      ] as const) {
        const socket = await connectPlayer(server.url);
        expect((await call(socket, 'room:join', { code, nickname })).ok).toBe(true);
        players.push({ socket, place });
      }
      await page.getByRole('button', { name: 'Start the game' }).click();
      await page.getByLabel('Name a place').waitFor();
      for (const { socket, place } of players) {
        expect((await call(socket, 'guess', { text: place })).result.kind).toBe('found');
      }
      await waitForTrue(
        page,
        `[...document.querySelectorAll('[aria-label="Scoreboard"] li')].filter((l) => /1 place/.test(l.innerText)).length === 2`,
        'both finds on the scoreboard',
      );
      const lines = await scoreboardLines(page);
      const evil = lines.find((line) => line.text.includes('evil'));
      const shalom = lines.find((line) => line.text.includes('שלום'));
      // The override is gone, and what follows the name reads in order.
      expect(evil?.text).toMatch(/^evil 1 place · \d/);
      expect(evil?.text).not.toContain('\u202E');
      expect(shalom?.text).toMatch(/^שלום 12 1 place · \d/);
      for (const line of lines) expect(line).toMatchObject({ scoreAfterName: true });
    } finally {
      await context.close();
    }
  });
});
