/**
 * The room as players meet it, in Debian's Chromium against the real server
 * (issue 12): a desktop map that fills its box however long the side column
 * grows, places named by their regions, a guest who keeps the results, the
 * winner first, focus where the next step is, every finder's colour in
 * parallel mode, a remembered mute, the dark theme, abandoned rooms leaving
 * the public list and a host who vanished replaced, refusals in sentences,
 * and the share page's preview tags. Screenshots of every screen, light and
 * dark, desktop and phone, land in test-results/e2e/ as
 * `<screen>-<light|dark>-<desktop|phone>.png` (the starting page's come from
 * e2e-start.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import {
  contextOptions,
  createRoom,
  guess,
  joinRoom,
  luminance,
  pageBackground,
  paintedColors,
  startServer,
  waitForTrue,
  type ServerProcess,
  type Size,
  type Theme,
} from './support/browser-game.js';
import { testDataDir } from './support/services.js';

const HOME_HEADING = 'How many places can you name?';
/** The map's colours (style.css), light and dark. */
const LIGHT_SEA = '#dfe9f3';
const LIGHT_LAND = '#fbfaf5';
const DARK_SEA = '#17212d';
const DARK_LAND = '#303b47';
const DARK_OTHER_LAND = '#222b35';
/** What players must never read: the schema's and the server's own words. */
const SCHEMA_TEXT = /Too small|expected string|not a room code|invalid/i;
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
/** Each page's look, for its screenshots' names: "dark-phone". */
const looks = new WeakMap<Page, string>();

async function open(theme: Theme, size: Size): Promise<Page> {
  const context = await browser.newContext(contextOptions(theme, size));
  contexts.push(context);
  const page = await context.newPage();
  looks.set(page, `${theme}-${size}`);
  page.on('pageerror', (error) => console.error('page error', error));
  return page;
}

/** test-results/e2e/<screen>-<theme>-<size>.png */
const shot = (page: Page, screen: string, fullPage = false) =>
  page.screenshot({ path: join(E2E_SHOTS, `${screen}-${looks.get(page)}.png`), fullPage });

async function openHome(page: Page): Promise<void> {
  await page.goto(server.url);
  await page.getByRole('heading', { name: HOME_HEADING }).waitFor();
}

/** A room's join screen, as its link opens it for someone new. */
async function openJoin(page: Page, code: string): Promise<void> {
  await page.goto(`${server.url}/r/${code}`);
  await page.getByRole('heading', { name: `Room ${code}` }).waitFor();
}

async function expectNoSchemaText(page: Page): Promise<void> {
  expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(SCHEMA_TEXT);
}

/** Names places in turn from two pages, waiting for each marker; `count` finds in all. */
async function playFinds(host: Page, guest: Page, count: number): Promise<void> {
  for (const [i, name] of GERMAN_PLACES.slice(0, count).entries()) {
    const page = i % 4 === 3 ? guest : host;
    await guess(page, name);
    await page.locator(`#map[data-markers="${i + 1}"]`).waitFor();
  }
}

/** A reaction has faded in (its animation's first steps), for a screenshot that shows it. */
const afloat = (page: Page) =>
  waitForTrue(
    page,
    "[...document.querySelectorAll('.reaction-float')].some((e) => Number(getComputedStyle(e).opacity) > 0.9)",
    'a reaction afloat',
  );

/** The pulses of new finds fade within a second; the map is then only land, sea and markers. */
const pulsesGone = (page: Page) =>
  page.locator('.map-pulse').first().waitFor({ state: 'detached' });

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

describeBrowser('a game as players meet it', () => {
  test('a long desktop game: the map fills its box, places by region, winner first, guest keeps the results', async () => {
    const ann = await open('light', 'desktop');
    const ben = await open('dark', 'phone');
    await openHome(ann);
    await shot(ann, 'home', true);
    await openHome(ben);
    await shot(ben, 'home', true);
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    // After creating a room the next step has the focus: starting it.
    await waitForTrue(
      ann,
      "document.activeElement?.textContent === 'Start the game'",
      'the focus on Start the game',
    );
    await openJoin(ben, code);
    await shot(ben, 'join');
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();
    await shot(ann, 'lobby-host', true);
    await shot(ben, 'lobby-guest', true);
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ann.getByLabel('Name a place').waitFor();
    await ben.getByLabel('Name a place').waitFor();

    await playFinds(ann, ben, 15);
    // Places are named by their region, not by GeoNames' codes; feedback repeats what was typed.
    await ann.getByText(/^Found Rostock · Mecklenburg-Vorpommern · [\d,]+ people$/).waitFor();
    await guess(ben, 'Hamburg');
    // A city that is its own region (Hamburg) is not named twice.
    await ben.getByText('Hamburg was already taken by Ann', { exact: true }).waitFor();
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
    await shot(ben, 'game');

    await ann.getByRole('button', { name: 'End game' }).click();
    await ann.getByRole('heading', { name: /^Ann wins with 12 places/ }).waitFor();
    await ben.getByRole('heading', { name: /^Ann wins with 12 places/ }).waitFor();
    // The host's next step has the focus; the ranking lists each player's places.
    await waitForTrue(
      ann,
      "document.activeElement?.textContent === 'Play again'",
      'the focus on Play again',
    );
    const ranking = ann.getByRole('list', { name: 'Ranking' });
    await ranking.getByText("Ann's places").click();
    await ranking.getByText('Rostock · Mecklenburg-Vorpommern').waitFor();
    await ann.locator('.results-map[data-markers]').waitFor();
    await ben.locator('.results-map[data-markers]').waitFor();
    await shot(ann, 'results-host', true);
    await shot(ben, 'results-guest', true);

    // The host sets up the next game; the guest keeps reading until choosing to join.
    await ann.getByRole('button', { name: 'Play again' }).click();
    await ann.getByRole('button', { name: 'Start the game' }).waitFor();
    await ben.getByText('Ann is setting up the next game.').waitFor();
    await ben.getByRole('heading', { name: /^Ann wins/ }).waitFor();
    await ben.getByRole('button', { name: 'Join the next game' }).click();
    await ben.getByText('Waiting for Ann to start…').waitFor();
  });

  test('dark desktop and light phone: every screen, a dark map, a sound for a find', async () => {
    const ann = await open('dark', 'desktop');
    const ben = await open('light', 'phone');
    await openHome(ann);
    await shot(ann, 'home', true);
    // The page is dark where the system is, and stays light where it is not.
    expect(luminance(await pageBackground(ann))).toBeLessThan(0.05);
    await openHome(ben);
    await shot(ben, 'home', true);
    expect(luminance(await pageBackground(ben))).toBeGreaterThan(0.8);

    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await openJoin(ben, code);
    await shot(ben, 'join');
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();
    await shot(ann, 'lobby-host', true);
    await shot(ben, 'lobby-guest', true);
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ben.getByLabel('Name a place').waitFor();

    // Sound is on by default: a find plays one (the client notes which on <html>).
    await guess(ann, 'Berlin');
    await ann.getByText(/^Found Berlin/).waitFor();
    await ann.locator('html[data-last-sound="found"]').waitFor({ state: 'attached' });
    await ann.locator('#map[data-markers="1"]').waitFor();
    for (const [i, name] of GERMAN_PLACES.slice(1, 10).entries()) {
      const page = i % 3 === 2 ? ben : ann;
      await guess(page, name);
      await page.locator(`#map[data-markers="${i + 2}"]`).waitFor();
    }
    await ann.locator('#map[data-markers="10"]').waitFor();
    await pulsesGone(ann);

    // The dark map: the quiz's land on a dark sea among dark neighbours, no light water.
    // (Germany is mostly inland: the sea is a sixth of its box, its neighbours a third.)
    await shot(ann, 'game');
    const box = (await ann.locator('#map').boundingBox())!;
    const map = await paintedColors(ann, box, [DARK_SEA, DARK_LAND, DARK_OTHER_LAND, LIGHT_SEA], 6);
    const [sea, land, neighbours, lightSea] = map.near.map((pixels) => pixels / map.total);
    expect(sea).toBeGreaterThan(0.1);
    expect(land).toBeGreaterThan(0.2);
    expect(neighbours).toBeGreaterThan(0.1);
    expect(sea! + land! + neighbours!).toBeGreaterThan(0.8);
    expect(lightSea).toBe(0);
    await pulsesGone(ben);
    await shot(ben, 'game');
    const phoneBox = (await ben.locator('#map').boundingBox())!;
    const phoneMap = await paintedColors(ben, phoneBox, [LIGHT_SEA, LIGHT_LAND, DARK_SEA], 6);
    expect(phoneMap.near[0]! / phoneMap.total).toBeGreaterThan(0.1);
    expect(phoneMap.near[1]! / phoneMap.total).toBeGreaterThan(0.2);
    expect(phoneMap.near[2]).toBe(0);

    await ann.getByRole('button', { name: 'End game' }).click();
    await ann.getByRole('heading', { name: /^Ann wins with 7 places/ }).waitFor();
    await ben.getByRole('heading', { name: /^Ann wins with 7 places/ }).waitFor();
    await ann.locator('.results-map[data-markers]').waitFor();
    await ben.locator('.results-map[data-markers]').waitFor();
    await shot(ann, 'results-host', true);
    await shot(ben, 'results-guest', true);
  });

  // PRODUCT BUG found at c480cee (a fix is on its way): the game's "End game" button had
  // `hidden` for guests, but `button { display: inline-block }` overrode the attribute, so
  // guests saw a button that did nothing when pressed.
  test('only the host is offered "End game"', async () => {
    const ann = await open('light', 'desktop');
    const ben = await open('light', 'phone');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ben.getByLabel('Name a place').waitFor();
    await ann.getByRole('button', { name: 'End game' }).waitFor();
    await expect(ben.getByRole('button', { name: 'End game' }).isVisible()).resolves.toBe(false);
  });

  // PRODUCT BUG, fails until fixed: the dark theme draws the largest places nobody named as
  // light dots (--map-missed: #e6eaef), but the results still call them "the dark dots on the
  // map", in the caption and in the map's description.
  test('in the dark theme, the results describe the missed places as they are drawn', async () => {
    const ann = await open('dark', 'desktop');
    await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await guess(ann, 'Berlin');
    await ann.getByText(/^Found Berlin/).waitFor();
    await ann.getByRole('button', { name: 'End game' }).click();
    await ann.getByRole('heading', { name: 'The largest places nobody named' }).waitFor();
    const map = ann.locator('.results-map[data-markers]');
    await map.waitFor();
    const missed = await paintedColors(ann, (await map.boundingBox())!, ['#e6eaef'], 20);
    expect(missed.near[0]).toBeGreaterThan(50);
    await expect(ann.getByText(/dark dots/).count()).resolves.toBe(0);
    await expect(map.getAttribute('aria-label')).resolves.not.toMatch(/dark dots/);
  });

  test('parallel mode shows every finder of a place', async () => {
    const ann = await open('light', 'desktop');
    const ben = await open('light', 'desktop');
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
    await pulsesGone(ann);
    const map = await paintedColors(ann, box, ['#0072b2', '#e69f00'], 30);
    expect(map.near.every((pixels) => pixels > 20)).toBe(true);
    await shot(ann, 'parallel');
  });

  test('the mute is remembered, and a muted player hears nothing', async () => {
    const page = await open('light', 'desktop');
    await openHome(page);
    const mute = page.getByRole('banner').getByRole('button', { name: /^Mute/ });
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('false');
    await mute.click();
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('true');
    // A toggle keeps its name; its pressed state (and icon) says whether sounds are off.
    await expect(mute.textContent()).resolves.toMatch(/^\s*Mute$/);
    await page.reload();
    await page.getByRole('heading', { name: HOME_HEADING }).waitFor();
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('true');

    await createRoom(page, server.url, { nickname: 'Quiet', quiz: 'Germany' });
    await page.getByRole('button', { name: 'Start the game' }).click();
    await guess(page, 'Berlin');
    await page.getByText(/^Found Berlin/).waitFor();
    // The feedback and the sound come from one task: by now a sound would have played.
    await expect(page.locator('html').getAttribute('data-last-sound')).resolves.toBeNull();
  });

  test('a public room everyone left leaves the list of public rooms', async () => {
    const ann = await open('light', 'phone');
    const ben = await open('dark', 'desktop');
    const code = await createRoom(ann, server.url, {
      nickname: 'Ann',
      quiz: 'Germany',
      public: true,
    });
    await ann.getByRole('button', { name: 'Start the game' }).waitFor();
    await shot(ann, 'lobby-host', true);
    await openHome(ben);
    const listed = ben.locator(`a[href="/r/${code}"]`);
    // The home page refreshes its list every 5 s.
    await listed.waitFor({ timeout: 15_000 });
    // A link that says which quiz and how many are waiting.
    await expect(listed.textContent()).resolves.toMatch(/^Germany · race · 1 player(?!s)/);
    await shot(ben, 'home-public-room', true);

    await ann.context().close();
    await listed.waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('a host who closed the tab is replaced after 30 s', async () => {
    const ann = await open('dark', 'phone');
    const ben = await open('light', 'desktop');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await joinRoom(ben, server.url, code, 'Ben');
    const players = ben.getByRole('list', { name: 'Players' });
    await players.getByText('Ben').waitFor();
    await ann.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();

    await ann.context().close();
    const annItem = players.getByRole('listitem').filter({ hasText: 'Ann' });
    await annItem.getByText('· away').waitFor();
    await ben.getByText(/Waiting for Ann \(host\), who is away/).waitFor();
    // A reload would come back well within the 30 s: the role is not handed over at once.
    await expect(ben.getByRole('button', { name: 'Start the game' }).count()).resolves.toBe(0);
    await shot(ben, 'lobby-guest-host-away', true);

    await ben.getByText('You are now the host.').waitFor({ timeout: 45_000 });
    await ben.getByRole('button', { name: 'Start the game' }).waitFor();
    await players.getByRole('listitem').filter({ hasText: 'Ben' }).getByText('host').waitFor();
    await shot(ben, 'lobby-new-host', true);
  }, 90_000);

  test('refusals are sentences, never schema text', async () => {
    const host = await open('light', 'desktop');
    const code = await createRoom(host, server.url, { nickname: 'Ann', quiz: 'Germany' });

    const visitor = await open('dark', 'desktop');
    await openJoin(visitor, code);
    const nickname = visitor.getByLabel('Nickname');
    const join = visitor.getByRole('button', { name: 'Join' });
    await nickname.fill('A'.repeat(30));
    await join.click();
    await visitor
      .getByRole('alert')
      .getByText('Nicknames can be 24 characters at most; this one has 30.')
      .waitFor();
    await expectNoSchemaText(visitor);
    await shot(visitor, 'join-refused');
    await nickname.fill('');
    await join.click();
    await visitor
      .getByRole('alert')
      .getByText(/^Pick a nickname first/)
      .waitFor();
    await expectNoSchemaText(visitor);
    // Refused in the browser: nobody joined.
    await expect(
      host.getByRole('list', { name: 'Players' }).getByRole('listitem').count(),
    ).resolves.toBe(1);
    await nickname.fill('Ben');
    await join.click();
    await host.getByRole('list', { name: 'Players' }).getByText('Ben').waitFor();
    await shot(visitor, 'lobby-guest', true);

    const phone = await open('light', 'phone');
    // A code that cannot exist: said without a trip to the server.
    await phone.goto(`${server.url}/r/ABC`);
    await phone.getByRole('heading', { name: 'There is no room ABC' }).waitFor();
    await phone.getByText(/^Room codes have 6 letters and digits, like K7QX3M/).waitFor();
    await phone.getByRole('link', { name: 'Go to the home page' }).waitFor();
    await expectNoSchemaText(phone);
    await shot(phone, 'no-room');
    // A code that could exist but does not: the server's answer, in a sentence.
    await openJoin(phone, 'K7QX3M');
    await phone.getByLabel('Nickname').fill('Cleo');
    await phone.getByRole('button', { name: 'Join' }).tap();
    await phone
      .getByRole('alert')
      .getByText('There is no room with that code. Check it with whoever sent it.')
      .waitFor();
    await expectNoSchemaText(phone);
    await shot(phone, 'unknown-room');
  });

  test('a late joiner may watch: finds land, reactions float, and Join takes a seat', async () => {
    const ann = await open('light', 'desktop');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await guess(ann, 'Berlin');
    await ann.locator('#map[data-markers="1"]').waitFor();
    const watchers = [await open('light', 'desktop'), await open('light', 'phone')];
    for (const [i, page] of watchers.entries()) {
      await page.goto(`${server.url}/r/${code}`);
      await page.getByRole('button', { name: 'Watch' }).waitFor();
      await page.getByLabel('Nickname').fill(i === 0 ? 'Sam' : 'Tia');
      await shot(page, 'late-join-choice');
      await page.getByRole('button', { name: 'Watch' }).click();
      await page.locator('#map[data-markers="1"]').waitFor();
      await expect(page.getByLabel('Name a place').count()).resolves.toBe(0);
    }
    await ann.getByText('Watching (2): Sam, Tia').waitFor();
    // A find on the players' side lands on the spectators' maps.
    await guess(ann, 'Hamburg');
    for (const page of watchers) await page.locator('#map[data-markers="2"]').waitFor();
    await ann.getByRole('button', { name: 'React with 🔥' }).click();
    for (const page of watchers) {
      await page.locator('.reaction-float', { hasText: '🔥' }).waitFor();
      await afloat(page);
      await shot(page, 'spectator');
    }
    await watchers[1]!.getByRole('button', { name: 'React with 👏' }).click();
    await ann.locator('.reaction-float', { hasText: '👏' }).waitFor();
    await afloat(ann);
    await shot(ann, 'reaction');
    // A spectator chats too: everyone reads the line, marked "(watching)".
    const chatOf = (page: Page) => page.getByRole('log', { name: 'Chat' });
    for (const page of [ann, ...watchers]) await page.getByText('Chat', { exact: true }).click();
    await watchers[1]!.getByLabel('Chat message').fill('Go Ann!');
    await watchers[1]!.getByLabel('Chat message').press('Enter');
    for (const page of [ann, ...watchers]) {
      await chatOf(page).getByText('Go Ann!').waitFor();
      await chatOf(page).getByText('(watching)').waitFor();
    }
    for (const page of watchers) await shot(page, 'spectator-chat', true);
    // The host's menu opens on a spectator's name: mute or remove, never host.
    await ann.getByRole('button', { name: 'Tia: host actions' }).click();
    await ann.getByRole('menuitem', { name: 'Mute their chat' }).waitFor();
    expect(await ann.getByRole('menuitem', { name: 'Make host' }).count()).toBe(0);
    await shot(ann, 'spectator-host-menu');
    await ann.keyboard.press('Escape');
    // Watching, then playing: a seat with no places yet, for the time left.
    await watchers[0]!.getByRole('button', { name: 'Join the game' }).click();
    await guess(watchers[0]!, 'Leipzig');
    await watchers[0]!.getByText(/^Found Leipzig/).waitFor();
    await ann.getByText('Watching (1): Tia').waitFor();
    // A reload takes the spectator's place back: still watching, the room whole.
    await watchers[1]!.reload();
    await watchers[1]!.getByText('You are watching', { exact: false }).waitFor();
    await watchers[1]!.locator('#map[data-markers="3"]').waitFor();
    await ann.getByText('Watching (1): Tia').waitFor();
  });

  test('chat between browsers: in the lobby, during the game without taking the guess field, a held message at the end', async () => {
    const ann = await open('light', 'desktop');
    const ben = await open('light', 'phone');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await joinRoom(ben, server.url, code, 'Ben');
    const chatOf = (page: Page) => page.getByRole('log', { name: 'Chat' });

    // The lobby: Enter in the chat's field sends; both read both.
    await ann.getByLabel('Chat message').fill('Hello Ben, ready?');
    await ann.getByLabel('Chat message').press('Enter');
    await chatOf(ben).getByText('Hello Ben, ready?').waitFor();
    await ben.getByLabel('Chat message').fill('Ready! \u202eevil\u202c 👋');
    await ben.getByLabel('Chat message').press('Enter');
    // The bidi override is gone: the text reads as typed, in order.
    await chatOf(ann).getByText('Ready! evil 👋', { exact: true }).waitFor();
    await shot(ann, 'chat-lobby', true);
    await shot(ben, 'chat-lobby', true);

    // The game: the chat is folded, and a line arriving leaves the guess field its focus.
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ben.getByLabel('Name a place').waitFor();
    await waitForTrue(ben, "document.activeElement?.id === 'guess'", 'the guess field focused');
    await ben.getByLabel('Name a place').pressSequentially('Ber');
    await ann.getByText('Chat', { exact: true }).click();
    await ann.getByLabel('Chat message').fill('good luck');
    await ann.getByLabel('Chat message').press('Enter');
    await ben.getByText('1 new').waitFor();
    await waitForTrue(ben, "document.activeElement?.id === 'guess'", 'the guess field kept');
    await shot(ben, 'chat-game-folded');
    await ben.keyboard.type('lin');
    await ben.keyboard.press('Enter');
    await ben.getByText(/^Found Berlin/).waitFor();

    // Naming a place still to be found: held, and its sender told so.
    await ann.getByLabel('Chat message').fill('try Hamburg');
    await ann.getByLabel('Chat message').press('Enter');
    await chatOf(ann)
      .getByText(/names a place still to be found: it will be shown when the game ends/)
      .waitFor();
    // A place someone found may be named.
    await ann.getByLabel('Chat message').fill('nice, Berlin');
    await ann.getByLabel('Chat message').press('Enter');
    await ben.getByText('Chat', { exact: true }).click();
    await chatOf(ben).getByText('nice, Berlin').waitFor();
    expect(await chatOf(ben).getByText('try Hamburg').count()).toBe(0);
    await ann.locator('#map[data-markers="1"]').waitFor();
    await shot(ann, 'chat-game');
    await shot(ben, 'chat-game', true);

    await ann.getByRole('button', { name: 'End game' }).click();
    await ben.getByRole('heading', { name: /^Ben wins/ }).waitFor();
    await chatOf(ben).getByText('try Hamburg').waitFor();
    await chatOf(ben).getByText('(held until the game ended)').waitFor();
    await shot(ben, 'chat-results', true);
  });

  test('the host removes a player: the removed player sees who did it, everyone reads "Ann removed Troll"', async () => {
    const ann = await open('light', 'desktop');
    const troll = await open('light', 'phone');
    const ben = await open('dark', 'desktop');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await joinRoom(troll, server.url, code, 'Troll');
    await joinRoom(ben, server.url, code, 'Ben');
    const players = ann.getByRole('list', { name: 'Players' });
    await players.getByText('Ben').waitFor();
    // Guests have no host menu.
    expect(await ben.getByRole('button', { name: /^Host actions/ }).count()).toBe(0);

    await ann.getByRole('button', { name: 'Host actions for Troll' }).click();
    await shot(ann, 'kick-menu');
    await ann.getByRole('menuitem', { name: 'Remove from the room' }).click();
    await troll.getByRole('heading', { name: `Removed from room ${code}` }).waitFor();
    await troll.getByText('Ann removed you from the room.').waitFor();
    await ben.getByRole('log', { name: 'Chat' }).getByText('Ann removed Troll.').waitFor();
    await ann.getByRole('log', { name: 'Chat' }).getByText('Ann removed Troll.').waitFor();
    expect(await ben.getByRole('list', { name: 'Players' }).getByText('Troll').count()).toBe(0);
    await shot(troll, 'kick-removed', true);
    await shot(ben, 'kick-others', true);

    // Back by the room's link from the same browser, under another name: not for ten minutes.
    await troll.goto(`${server.url}/r/${code}`);
    await troll.getByLabel('Nickname').fill('Nice Troll');
    await troll.getByRole('button', { name: 'Join' }).click();
    await troll.getByText('The host removed you from this room.', { exact: false }).waitFor();
    await expectNoSchemaText(troll);

    // Mute, then pass the host role: Ben's field says so, then Ben is host.
    await ann.getByRole('button', { name: 'Host actions for Ben' }).click();
    await ann.getByRole('menuitem', { name: 'Mute their chat' }).click();
    await ben.getByText('Ann muted you.').waitFor();
    await waitForTrue(ben, "document.getElementById('chat-input')?.disabled === true", 'muted');
    await ann.getByRole('button', { name: 'Host actions for Ben' }).click();
    await ann.getByRole('menuitem', { name: 'Make host' }).click();
    await ben.getByText('You are now the host.').waitFor();
    await ben.getByRole('button', { name: 'Start the game' }).waitFor();
    // A host who leaves passes the role on at once.
    await ben.getByRole('link', { name: 'Leave room' }).click();
    await ben.getByRole('heading', { name: HOME_HEADING }).waitFor();
    await ann.getByText('You are now the host.').waitFor();
  });

  test('the share page: preview tags for crawlers, the result and a way to play for people', async () => {
    const ann = await open('light', 'desktop');
    const ben = await open('light', 'desktop');
    const code = await createRoom(ann, server.url, { nickname: 'Ann', quiz: 'Germany' });
    await joinRoom(ben, server.url, code, 'Ben');
    await ann.getByRole('button', { name: 'Start the game' }).click();
    await ann.getByLabel('Name a place').waitFor();
    await guess(ann, 'Berlin');
    await ann.getByText(/^Found Berlin/).waitFor();
    await guess(ann, 'Hamburg');
    await ann.getByText(/^Found Hamburg/).waitFor();
    await ann.getByRole('button', { name: 'End game' }).click();
    const share = await ann.getByRole('link', { name: 'Share this result' }).getAttribute('href');
    expect(share).toMatch(/^\/g\/[\w-]+$/);
    const page = `${server.url}${share}`;

    // As a crawler reads it: the HTML alone, no JavaScript.
    const response = await fetch(page);
    expect(response.status).toBe(200);
    const html = await response.text();
    const tag = (attribute: string, key: string) =>
      new RegExp(`<meta ${attribute}="${key}" content="([^"]*)"`).exec(html)?.[1];
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(
      'Ann wins Germany with 2 places — placerace',
    );
    expect(tag('property', 'og:title')).toBe('Ann wins Germany with 2 places');
    expect(tag('property', 'og:description')).toMatch(/^Germany, race mode, .*Ann 2 places/);
    expect(tag('name', 'twitter:card')).toBe('summary_large_image');
    const image = tag('property', 'og:image');
    expect(image).toBe(`${page}/map.png`);
    const picture = await fetch(image!);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect((await picture.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    // As people see it, in every look.
    const { results } = (await (
      await fetch(`${server.url}/api/games/${share!.slice(3)}`)
    ).json()) as {
      results: { endedAt: number };
    };
    const date = new Date(results.endedAt).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const looks: [Theme, Size][] = [
      ['light', 'desktop'],
      ['dark', 'desktop'],
      ['light', 'phone'],
      ['dark', 'phone'],
    ];
    for (const [theme, size] of looks) {
      const visitor = await open(theme, size);
      await visitor.goto(page);
      await visitor.getByRole('heading', { name: /^Ann wins with 2 places/ }).waitFor();
      await visitor.getByText(`Germany · race · ${date}`).waitFor();
      await expect(visitor.title()).resolves.toBe('Ann wins Germany with 2 places — placerace');
      const play = visitor.getByRole('link', { name: 'Play this quiz' });
      await expect(play.getAttribute('href')).resolves.toBe('/?quiz=DE&mode=race');
      await visitor.locator('.results-map[data-markers]').waitFor();
      await shot(visitor, 'share', true);
      if (theme === 'light' && size === 'desktop') {
        // The link opens the home page with this quiz and mode chosen.
        await play.click();
        await visitor.getByRole('heading', { name: HOME_HEADING }).waitFor();
        expect(visitor.url()).toBe(`${server.url}/?quiz=DE&mode=race`);
        await expect(visitor.getByLabel('Quiz').inputValue()).resolves.toBe('Germany');
        await expect(visitor.getByLabel('Mode').inputValue()).resolves.toBe('race');
      }
    }
  });
});
