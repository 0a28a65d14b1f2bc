/**
 * Playing with people beyond the game itself (issue 18), in Debian's
 * Chromium against the real server: reactions float over their sender's row
 * in the lobby's player list and in the results' ranking, as they do over the
 * game's scoreboard, and the host moderates spectators from the "Watching"
 * line there too. Two players (Ann on a desktop, Ben on a phone) and a
 * spectator (Cat). Screenshots land in test-results/e2e/ as
 * `social-*.png`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  contextOptions,
  createRoom,
  guess,
  joinRoom,
  startServer,
  waitForTrue,
  type ServerProcess,
  type Size,
} from './support/browser-game.js';
import { describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { testDataDir } from './support/services.js';

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(size: Size): Promise<Page> {
  const context = await browser.newContext(contextOptions('light', size));
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error', error));
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(E2E_SHOTS, `${name}.png`) });

/** The id of the row (lobby player, ranking line) that holds `nickname`, as `page` shows it. */
function rowId(page: Page, nickname: string): Promise<string> {
  return page.evaluate<string>(`(() => {
    const rows = [...document.querySelectorAll('.scoreboard-box [data-player]')];
    const row = rows.find((r) => r.querySelector('.nickname')?.textContent === ${JSON.stringify(nickname)});
    return row ? row.dataset.player : '';
  })()`);
}

/**
 * A reaction `emoji` from `from` floats on `page` over its sender's row (its
 * start sits on the row's middle), and has faded in, for a screenshot.
 */
async function floatsOverRow(page: Page, from: string, emoji: string): Promise<void> {
  const selector = `.reaction-float[data-from="${from}"]`;
  await page.locator(selector, { hasText: emoji }).waitFor();
  await waitForTrue(
    page,
    `(() => {
      const float = document.querySelector(${JSON.stringify(selector)});
      const row = document.querySelector('[data-player="${from}"]');
      if (!float || !row) return false;
      const box = float.closest('.scoreboard-box').getBoundingClientRect();
      const at = row.getBoundingClientRect();
      const overRow = Math.abs(parseFloat(float.style.top) - (at.top - box.top + at.height / 2)) < 1;
      return overRow && Number(getComputedStyle(float).opacity) > 0.9;
    })()`,
    `${emoji} afloat over the row of ${from}`,
  );
}

beforeAll(async () => {
  server = await startServer(testDataDir);
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describeBrowser('reactions and spectators outside the game', () => {
  test('results and lobby: reactions float over the sender’s row; the host’s menu on “Watching”', async () => {
    const ann = await open('desktop');
    const ben = await open('phone');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await guess(ann, 'Berlin');
    await ann.locator('#map[data-markers="1"]').waitFor();
    await guess(ben, 'Hamburg');
    await ben.locator('#map[data-markers="2"]').waitFor();

    // Cat watches the running game.
    const cat = await open('desktop');
    await cat.goto(`${server.url}/r/${code}`);
    await cat.getByLabel('Nickname').fill('Cat');
    await cat.getByRole('button', { name: 'Watch' }).click();
    await cat.locator('#map[data-markers="2"]').waitFor();
    await ann.getByText('Watching (1): Cat').waitFor();

    // The results: who watches is listed under the ranking, and reactions float over its rows.
    await ann.getByRole('button', { name: 'End game' }).click();
    for (const page of [ann, ben, cat]) {
      await page.getByRole('list', { name: 'Ranking' }).waitFor();
      await page.getByText('Watching (1): Cat').waitFor();
    }
    await ann.getByRole('button', { name: 'Cat: host actions' }).waitFor();
    // Only the host has the menu.
    expect(await ben.getByRole('button', { name: 'Cat: host actions' }).count()).toBe(0);
    const benId = await rowId(ann, 'Ben');
    expect(benId).not.toBe('');
    await ben.getByRole('button', { name: 'React with 👏' }).tap();
    await floatsOverRow(ann, benId, '👏');
    await shot(ann, 'social-results-reaction');
    await floatsOverRow(cat, benId, '👏');
    await shot(ben, 'social-results-phone');

    // The lobby of the next game: Cat still watches, and the host moderates from there.
    await ann.getByRole('button', { name: 'Play again' }).click();
    const annPlayers = ann.getByRole('list', { name: 'Players' });
    await annPlayers.waitFor();
    await ann.getByText('Watching (1): Cat').waitFor();
    await ben.getByRole('button', { name: 'Join the next game' }).tap();
    await ben.getByRole('list', { name: 'Players' }).waitFor();
    await ben.getByText('Watching (1): Cat').waitFor();
    expect(await ben.getByRole('button', { name: 'Cat: host actions' }).count()).toBe(0);

    await ben.getByRole('button', { name: 'React with 🔥' }).tap();
    await floatsOverRow(ann, benId, '🔥');
    await shot(ann, 'social-lobby-reaction');
    // Ann's reaction, on Ben's phone, over Ann's row.
    const annId = await rowId(ben, 'Ann');
    await ann.getByRole('button', { name: 'React with 😂' }).click();
    await floatsOverRow(ben, annId, '😂');
    await shot(ben, 'social-lobby-reaction-phone');

    // A spectator's reaction floats over the watchers' line.
    // The results' own button (the spectator's bar has one too, which takes a seat).
    await cat.locator('.next').getByRole('button', { name: 'Join the next game' }).click();
    await cat.getByRole('list', { name: 'Players' }).waitFor();
    await cat.getByRole('button', { name: 'React with 😮' }).click();
    await ann.locator('.reaction-float', { hasText: '😮' }).waitFor();

    // The host's menu on Cat's name: mute or remove, never host; a mute shows at once.
    await ann.getByRole('button', { name: 'Cat: host actions' }).click();
    await ann.getByRole('menuitem', { name: 'Remove from the room' }).waitFor();
    expect(await ann.getByRole('menuitem', { name: 'Make host' }).count()).toBe(0);
    await shot(ann, 'social-lobby-watching');
    await ann.getByRole('menuitem', { name: 'Mute their chat' }).click();
    await waitForTrue(
      cat,
      `document.querySelector('[placeholder="The host has muted your chat"]')?.disabled === true`,
      "Cat's chat muted",
    );

    // Removed from the lobby: the watchers' line empties for everyone.
    await ann.getByRole('button', { name: 'Cat: host actions' }).click();
    await ann.getByRole('menuitem', { name: 'Remove from the room' }).click();
    await ann.getByText('Watching (1): Cat').waitFor({ state: 'detached' });
    await ben.getByText('Watching (1): Cat').waitFor({ state: 'detached' });
  });
});
