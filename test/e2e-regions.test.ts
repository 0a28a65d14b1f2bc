/**
 * Region quizzes end to end in Debian's Chromium against the real server
 * (issue 19): the chooser lists a country's regions under it and finds a
 * region by its name; a player picks California, plays, and finds Los
 * Angeles on California's own outline; a phone plays Bavaria on Germany
 * zoomed to it. Screenshots go to test-results/e2e.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { testDataDir } from './support/services.js';
import {
  contextOptions,
  guess,
  paintedColors,
  startServer,
  type ServerProcess,
} from './support/browser-game.js';

/** The quiz's own land on the light map (style.css). */
const LIGHT_LAND = '#fbfaf5';

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer(testDataDir);
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

async function newPage(size: 'desktop' | 'phone'): Promise<Page> {
  const context = await browser.newContext(contextOptions('light', size));
  contexts.push(context);
  return context.newPage();
}

/** The chooser's suggestions as read: each option's text, regions under a country marked "  ". */
async function suggestions(page: Page): Promise<string[]> {
  const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
  const texts: string[] = [];
  for (const option of await options.all()) {
    const under = (await option.getAttribute('class'))?.includes('chooser-region');
    const name = (await option.locator('.chooser-name').textContent())!.trim();
    texts.push(`${under ? '  ' : ''}${name}`);
  }
  return texts;
}

/** Creates a room for the quiz picked from the chooser, starts it alone, and waits for the map. */
async function playAlone(page: Page, nickname: string, typed: string, option: RegExp) {
  await page.goto(server.url);
  await page.getByLabel('Nickname').fill(nickname);
  await page.getByLabel('Quiz').fill(typed);
  await page.getByRole('option', { name: option }).first().click();
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[A-Z0-9]{6}$/);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByLabel('Name a place').waitFor();
  await page.locator('#map canvas').waitFor();
}

/** The share of the map's pixels painted as the quiz's own land: the region fills the map. */
async function ownLandShare(page: Page): Promise<number> {
  const box = (await page.locator('#map').boundingBox())!;
  const painted = await paintedColors(page, box, [LIGHT_LAND], 6);
  return painted.near[0]! / painted.total;
}

describeBrowser('region quizzes in the browser', () => {
  test('the chooser lists a country’s regions under it and finds a region by name', async () => {
    const page = await newPage('desktop');
    await page.goto(server.url);
    const quiz = page.getByLabel('Quiz');
    await quiz.fill('Germany');
    const underGermany = await suggestions(page);
    expect(underGermany[0]).toBe('Germany');
    // Its ten most populous regions, indented under it.
    const scopes = (await (await fetch(`${server.url}/api/scopes`)).json()) as {
      name: string;
      country?: string;
      population: number;
    }[];
    const biggest = scopes
      .filter((scope) => scope.country === 'DE')
      .sort((a, b) => b.population - a.population)
      .slice(0, 10)
      .map((scope) => `  ${scope.name}`);
    expect(biggest).toContain('  Bavaria');
    expect(underGermany.slice(1)).toEqual(biggest);
    await page.screenshot({ path: join(E2E_SHOTS, 'regions-chooser-germany-desktop.png') });

    await quiz.fill('Calif');
    expect((await suggestions(page))[0]).toBe('California · United States');
    await quiz.fill('Bavaria');
    expect((await suggestions(page))[0]).toBe('Bavaria · Germany');

    // A region named like a country: picked, it stays the region.
    await quiz.fill('Georgia');
    const georgia = await suggestions(page);
    expect(georgia).toContain('Georgia');
    expect(georgia).toContain('Georgia · United States');
  });

  test('pick California, play: Los Angeles is found on California’s outline', async () => {
    const page = await newPage('desktop');
    await playAlone(page, 'Cal', 'California', /^California/);
    await page
      .getByText(/· California ·/)
      .first()
      .waitFor();
    await guess(page, 'Los Angeles');
    await page.getByText(/^Found Los Angeles/).waitFor();
    await page.locator('#map[data-markers="1"]').waitFor();
    // A place of another state is no find here.
    await guess(page, 'Las Vegas');
    await page.getByText('Not found').waitFor();
    // California fills the map: a good part of it is the quiz's own land.
    expect(await ownLandShare(page)).toBeGreaterThan(0.2);
    await page.screenshot({ path: join(E2E_SHOTS, 'regions-california-desktop.png') });

    const [map] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/maps/US-CA')),
      page.reload(),
    ]);
    const shapes = (await map.json()) as { kind: string };
    expect(shapes.kind).toBe('region');

    // The results: the largest places nobody named are California's.
    await page.getByLabel('Name a place').waitFor();
    await page.getByRole('button', { name: 'End game' }).click();
    const missed = page.locator('ol.missed li');
    await missed.first().waitFor({ timeout: 15_000 });
    expect(await missed.first().textContent()).toMatch(/^San Diego · /);
    const lines = await missed.allTextContents();
    expect(lines.length).toBe(50);
    expect(lines.some((line) => line.startsWith('Los Angeles'))).toBe(false);
    await page.locator('.results-map[data-markers]').waitFor();
    await page.screenshot({ path: join(E2E_SHOTS, 'regions-california-results-desktop.png') });
  });

  test('the chooser under the United States on a phone', async () => {
    const page = await newPage('phone');
    await page.goto(server.url);
    await page.getByLabel('Quiz').fill('United States');
    // Scrolled up as a player would, so the list shows below the field.
    await page.evaluate("document.getElementById('quiz').scrollIntoView({ block: 'start' })");
    const underUs = await suggestions(page);
    expect(underUs[0]).toBe('United States');
    expect(underUs[1]).toMatch(/^ {2}\S/);
    await page.screenshot({ path: join(E2E_SHOTS, 'regions-chooser-us-phone.png') });
  });

  test('Bavaria on a phone and a desktop: Germany zoomed to Bavaria, München found', async () => {
    for (const size of ['phone', 'desktop'] as const) {
      const page = await newPage(size);
      await playAlone(page, 'Bea', 'Bavaria', /^Bavaria/);
      await guess(page, 'München');
      await page.getByText(/^Found (Munich|München)/).waitFor();
      await page.locator('#map[data-markers="1"]').waitFor();
      await guess(page, 'Berlin');
      await page.getByText('Not found').waitFor();
      expect(await ownLandShare(page)).toBeGreaterThan(0.2);
      await page.screenshot({ path: join(E2E_SHOTS, `regions-bavaria-${size}.png`) });
    }
  });
});
