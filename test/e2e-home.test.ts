/**
 * The home page in Debian's Chromium (playwright-core, never a downloaded
 * browser) against the real server process: the quiz chooser finds
 * countries by their names in other languages, refusals are sentences next
 * to their fields, the default quiz follows the browser's locale.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH, describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { startServer, type ServerProcess } from './support/browser-game.js';
import { testDataDir } from './support/services.js';

const required = process.env.REQUIRE_SERVICES === '1';
if (!existsSync(CHROMIUM_PATH) && !required) {
  console.warn(
    'Skipping the home page browser suite: /usr/bin/chromium is missing (apt-get install -y chromium).',
  );
}

let server: ServerProcess;
let url: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer(testDataDir);
  url = server.url;
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function home(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('combobox', { name: 'Quiz' }).waitFor();
  return page;
}

const quizField = (page: Page) => page.getByRole('combobox', { name: 'Quiz' });
const suggestions = (page: Page) =>
  page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');

/** Waits until the first suggestion reads `text` (the list may be drawn again as names arrive). */
async function firstSuggestion(page: Page, text: RegExp): Promise<void> {
  await suggestions(page).first().filter({ hasText: text }).waitFor({ timeout: 15_000 });
  await expect(suggestions(page).first().textContent()).resolves.toMatch(text);
}

/** Types into the quiz field as a player does, key by key. */
async function typeQuiz(page: Page, text: string) {
  const quiz = quizField(page);
  await quiz.fill('');
  await quiz.pressSequentially(text);
}

/** The public rooms the server lists, by code. */
async function publicRooms(): Promise<Map<string, { scope: string }>> {
  const body = (await (await fetch(`${url}/api/rooms`)).json()) as {
    rooms: { code: string; scope: string }[];
  };
  return new Map(body.rooms.map((room) => [room.code, room]));
}

describeBrowser('the home page', () => {
  test('"Deutschland" finds Germany, and the room created is of Germany', async () => {
    const page = await home();
    await page.getByLabel('Nickname').fill('Ann');
    await typeQuiz(page, 'Deutschland');
    const germany = suggestions(page).first();
    await expect(germany.textContent()).resolves.toMatch(/^Germany · Deutschland\s*[\d,]+ places$/);
    await expect(quizField(page).getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(quizField(page).getAttribute('aria-activedescendant')).resolves.toBe(
      await germany.getAttribute('id'),
    );
    await page.screenshot({ path: join(E2E_SHOTS, 'home-deutschland.png') });
    await germany.click();
    await expect(quizField(page).inputValue()).resolves.toBe('Germany');
    await expect(quizField(page).getAttribute('aria-expanded')).resolves.toBe('false');

    await page.getByLabel('List the room publicly').check();
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForURL(/\/r\/[A-Z0-9]{6}$/, { timeout: 10_000 });
    const code = page.url().slice(-6);
    expect((await publicRooms()).get(code)?.scope).toBe('DE');
  });

  test('"Holland" finds the Netherlands; the keys move through the list', async () => {
    const page = await home();
    await typeQuiz(page, 'Holland');
    // The countries' other names arrive once typing starts (GET /api/scope-names); until then
    // "Holland" finds only North and South Holland, and the list is drawn again when they come.
    await firstSuggestion(page, /^Netherlands · Holland/);
    await quizField(page).press('Enter');
    await expect(quizField(page).inputValue()).resolves.toBe('Netherlands');

    // ArrowDown moves to the next suggestion, Escape closes the list and keeps the text.
    await typeQuiz(page, 'USA');
    await firstSuggestion(page, /^United States · USA/);
    await quizField(page).press('ArrowDown');
    const second = await suggestions(page).nth(1).getAttribute('id');
    await expect(quizField(page).getAttribute('aria-activedescendant')).resolves.toBe(second);
    await quizField(page).press('Escape');
    await expect(quizField(page).getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(quizField(page).inputValue()).resolves.toBe('USA');
  });

  test('a nickname too long is refused with a sentence next to the field', async () => {
    const page = await home();
    const nickname = page.getByLabel('Nickname');
    await nickname.fill('Annemarie-Christine Hohenzollern');
    await page.getByRole('button', { name: 'Create room' }).click();
    const sentence = 'Nicknames can be 24 characters at most; this one has 32.';
    await page.getByText(sentence).waitFor();
    await expect(nickname.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = await nickname.getAttribute('aria-describedby');
    await expect(page.locator(`#${describedBy}`).textContent()).resolves.toBe(sentence);
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('nickname');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.screenshot({ path: join(E2E_SHOTS, 'home-nickname.png') });
  });

  test('a room code of 3 letters is refused with a sentence', async () => {
    const page = await home({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const code = page.getByLabel('Room code');
    await code.fill('kqx');
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.getByText('Room codes have 6 letters and digits, like K7QX3M.').waitFor();
    await expect(code.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.screenshot({ path: join(E2E_SHOTS, 'home-room-code-phone.png') });
  });

  test('the default quiz follows a de-AT browser: Austria', async () => {
    const page = await home({ locale: 'de-AT' });
    await expect(quizField(page).inputValue()).resolves.toBe('Austria');
  });

  test('a nickname typed but not used goes along to a public room', async () => {
    const host = await home();
    await host.getByLabel('Nickname').fill('Host');
    await typeQuiz(host, 'japan');
    await quizField(host).press('Enter');
    await host.getByLabel('List the room publicly').check();
    await host.getByRole('button', { name: 'Create room' }).click();
    await host.waitForURL(/\/r\/[A-Z0-9]{6}$/, { timeout: 10_000 });
    const code = host.url().slice(-6);

    const guest = await home({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await guest.getByLabel('Nickname').fill('Cleo');
    const room = guest.locator(`a[href="/r/${code}"]`);
    // The list refreshes every few seconds.
    await room.waitFor({ timeout: 15_000 });
    await expect(room.textContent()).resolves.toMatch(/^Japan · race · 1 player/);
    await room.tap();
    await guest.waitForURL(`${url}/r/${code}`);
    await expect(guest.getByLabel('Nickname').inputValue()).resolves.toBe('Cleo');
  });

  test('two players press Play now on one quiz, land in one lobby and see its countdown', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const playNow = async (page: Page, nickname: string) => {
      await page.getByLabel('Nickname').fill(nickname);
      await typeQuiz(page, 'Portugal');
      await quizField(page).press('Enter');
      await page.getByRole('button', { name: 'Play now' }).click();
      await page.waitForURL(/\/r\/[A-Z0-9]{6}$/, { timeout: 10_000 });
      return page.url().slice(-6);
    };
    const ann = await home();
    await ann.screenshot({ path: join(E2E_SHOTS, 'home-play-now-desktop.png') });
    const code = await playNow(ann, 'Ann');
    await ann.getByRole('button', { name: 'Start the game' }).waitFor();
    // Play now sent the browser's id (made when first sent), so a removal's hold covers it too.
    await expect(
      ann.evaluate<string | null>("localStorage.getItem('placerace:browser')"),
    ).resolves.toMatch(/^[0-9a-f]{32}$/);
    // Alone in the lobby: no countdown yet.
    await expect(ann.getByRole('timer').count()).resolves.toBe(0);

    const ben = await home(phone);
    await ben.screenshot({ path: join(E2E_SHOTS, 'home-play-now-phone.png'), fullPage: true });
    expect(await playNow(ben, 'Ben')).toBe(code);
    for (const page of [ann, ben]) {
      await page.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();
      await expect(page.getByRole('timer').textContent()).resolves.toMatch(
        /^The game starts in (30|29|28|27|26|25) s$/,
      );
    }
    await ann.screenshot({ path: join(E2E_SHOTS, 'lobby-countdown-host-desktop.png') });
    await ben.screenshot({ path: join(E2E_SHOTS, 'lobby-countdown-guest-phone.png') });

    const cy = await home();
    const listed = cy.locator(`a[href="/r/${code}"]`);
    await expect(listed.textContent()).resolves.toMatch(/^Portugal · race · 2 players/);

    // The host holds it, then starts by hand: the list says a game is running.
    await ann.getByRole('button', { name: 'Wait for more players' }).click();
    await ben.getByText(/Waiting for Ann to start/).waitFor();
    await expect(ann.getByRole('timer').count()).resolves.toBe(0);
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ben.getByLabel('Name a place').waitFor();
    // Play now never lands in a running game: Dee opens a new lobby.
    const dee = await home(phone);
    const other = await playNow(dee, 'Dee');
    expect(other).not.toBe(code);
    await cy.reload();
    await expect(cy.locator(`a[href="/r/${code}"]`).textContent()).resolves.toMatch(
      /^Portugal · race · 2 players · playing now/,
    );
    await expect(cy.locator(`a[href="/r/${other}"]`).textContent()).resolves.toMatch(
      /^Portugal · race · 1 player(?!s)/,
    );
    await cy.screenshot({ path: join(E2E_SHOTS, 'home-public-list.png') });
  });
});
