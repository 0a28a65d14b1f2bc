/**
 * End to end in Debian's Chromium (playwright-core, never a downloaded
 * browser): two players in two browser contexts play a whole game of
 * Germany against the real server process, as people would.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH, describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { testDataDir } from './support/services.js';
import { startServer, waitForTrue, type ServerProcess } from './support/browser-game.js';

const CHROMIUM = CHROMIUM_PATH;
const required = process.env.REQUIRE_SERVICES === '1';
if (!existsSync(CHROMIUM) && !required) {
  console.warn(
    'Skipping the browser suite: /usr/bin/chromium is missing (apt-get install -y chromium).',
  );
}

let server: ServerProcess;
let url: string;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(testDataDir);
  url = server.url;
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function guess(page: Page, text: string) {
  const field = page.getByLabel('Name a place');
  await field.fill(text);
  await field.press('Enter');
}

/** The scoreboard item of `nickname` says `places` place(s). */
async function expectScore(page: Page, nickname: string, places: number) {
  const item = page
    .getByRole('list', { name: 'Scoreboard' })
    .getByRole('listitem')
    .filter({ hasText: nickname });
  const counted = `${places} ${places === 1 ? 'place' : 'places'}`;
  await item.filter({ hasText: new RegExp(`\\b${counted}\\b`) }).waitFor({ timeout: 10_000 });
}

describeBrowser('a whole game in two browsers', () => {
  let annContext: BrowserContext;
  let benContext: BrowserContext;

  afterAll(async () => {
    await annContext?.close();
    await benContext?.close();
  });

  test('create for Germany, join by link, race, reload, finish, share', async () => {
    annContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    benContext = await browser.newContext({ viewport: { width: 375, height: 667 } });
    const ann = await annContext.newPage();
    const ben = await benContext.newPage();

    await ann.goto(url);
    await ann.getByLabel('Nickname').fill('Ann');
    await ann.getByLabel('Quiz').fill('Germany');
    await ann.getByRole('button', { name: 'Create room' }).click();
    const codeText = await ann.getByText(/^Room [A-Z0-9]{6}$/).textContent({ timeout: 10_000 });
    const code = codeText!.replace('Room ', '');
    expect(ann.url()).toBe(`${url}/r/${code}`);

    await ben.goto(`${url}/r/${code}`);
    await ben.getByLabel('Nickname').fill('Ben');
    await ben.getByRole('button', { name: 'Join' }).click();
    await ben.getByText(`Room ${code}`).first().waitFor();
    await ann.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();

    await ann.getByRole('button', { name: 'Start' }).click();
    await ann.getByLabel('Name a place').waitFor();
    await ben.getByLabel('Name a place').waitFor();
    // The guess field has the focus: typing alone plays.
    await waitForTrue(
      ann,
      "document.activeElement?.getAttribute('id') === 'guess'",
      'focus on the guess field',
    );

    await guess(ann, 'Hamburg');
    await ann.getByText(/^Found Hamburg/).waitFor();
    await guess(ben, 'München');
    // Each guess's feedback replaces the last: wait for this one before the next guess.
    await ben.getByText(/^Found (Munich|München)/).waitFor();
    await guess(ben, 'Hamburg');
    await ben.getByText('Hamburg was already taken').waitFor();
    await guess(ann, 'Köln');
    await guess(ann, 'Xyzzyburg');
    await ann.getByText('Not found').waitFor();
    for (const page of [ann, ben]) {
      await expectScore(page, 'Ann', 2);
      await expectScore(page, 'Ben', 1);
    }
    await ben.getByText('Ann found Köln').waitFor({ state: 'attached' });
    await ann.screenshot({ path: join(E2E_SHOTS, 'game.png') });
    await ben.screenshot({ path: join(E2E_SHOTS, 'game-phone.png') });

    // A reload keeps the seat, the score and the finds.
    await ben.reload();
    await ben.getByLabel('Name a place').waitFor();
    await expectScore(ben, 'Ben', 1);
    await expectScore(ben, 'Ann', 2);
    await guess(ben, 'Leipzig');
    await expectScore(ann, 'Ben', 2);

    await ann.getByRole('button', { name: 'End game' }).click();
    for (const page of [ann, ben]) {
      await page.getByRole('heading', { name: /^Ann wins with 2 places/ }).waitFor();
      const ranking = page.getByRole('list', { name: 'Ranking' });
      await ranking.getByText('Ann', { exact: true }).waitFor();
      await ranking.getByText('Ben', { exact: true }).waitFor();
    }
    const share = await ann.getByRole('link', { name: 'Share this result' }).getAttribute('href');
    expect(share).toMatch(/^\/g\/[\w-]+$/);
    await ann.screenshot({ path: join(E2E_SHOTS, 'results.png') });

    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${url}${share}`);
    await visitor.getByRole('heading', { name: /^Ann wins with 2 places/ }).waitFor();
    await visitor
      .getByRole('list', { name: 'Ranking' })
      .getByText('Ben', { exact: true })
      .waitFor();
    await visitorContext.close();
  });
});
