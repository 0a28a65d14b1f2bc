/**
 * The operator's dashboard end to end in Debian's Chromium (playwright-core,
 * never a downloaded browser): log in, watch a scripted game appear in the
 * rooms table, open the room and see a find land on its map as it happens;
 * a visitor's page views counted and shown in the Visitors section. The
 * players are socket.io clients speaking protocol v1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../db/database.js';
import type { VisitorsReport } from '../protocol/visits.js';
import { CHROMIUM_PATH, describeBrowser, E2E_SHOTS, launchChromium } from './support/chromium.js';
import { pgliteDatabase } from './support/databases.js';
import { eventually } from './support/processes.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  startTestNode,
  type PlayerSocket,
  type TestNode,
} from './support/game-client.js';

const PASSWORD = 'a long operator passphrase';
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const required = process.env.REQUIRE_SERVICES === '1';
if (!existsSync(CHROMIUM_PATH) && !required) {
  console.warn(
    'Skipping the dashboard browser suite: /usr/bin/chromium is missing (apt-get install -y chromium).',
  );
}

let db: Database;
let server: TestNode;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/ensure-client.js'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the client did not build');
  db = await pgliteDatabase.openImported();
  server = await startTestNode(db, { adminPassword: PASSWORD });
  browser = await launchChromium();
  mkdirSync(E2E_SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  disconnectAll();
  await server?.close();
  await db?.close();
});

async function operatorPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context.newPage();
}

async function logIn(page: Page, password: string) {
  await page.goto(`${server.url}/admin`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A game of Germany with two players, started; Ann has found Hamburg. */
async function scriptedGame() {
  const ann = await connectPlayer(server.url);
  const created = await call(ann, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
  expect(created.ok).toBe(true);
  const code: string = created.room.code;
  const ben = await connectPlayer(server.url);
  expect((await call(ben, 'room:join', { code, nickname: 'Ben' })).ok).toBe(true);
  const playing = nextEvent(ann, 'room:state', (s) => s.phase === 'playing');
  expect((await call(ann, 'game:start', {})).ok).toBe(true);
  await playing;
  const hamburg = await call(ann, 'guess', { text: 'Hamburg' });
  expect(hamburg.result.kind).toBe('found');
  return { code, ann, ben };
}

/** Guesses `text` and resolves with the found place's name (GeoNames', e.g. Munich for München). */
async function guess(player: PlayerSocket, text: string): Promise<string> {
  const answer = await call(player, 'guess', { text });
  expect(answer.result.kind).toBe('found');
  return answer.result.place.name;
}

describeBrowser("the operator's dashboard in a browser", () => {
  test('a wrong password is refused', async () => {
    const page = await operatorPage();
    await logIn(page, 'not the password');
    await page.getByText('Wrong password').waitFor();
    await page.getByLabel('Password').waitFor();
  });

  test('log in, see the room, watch it live, go back, log out', async () => {
    const page = await operatorPage();
    const browserErrors: string[] = [];
    page.on('pageerror', (error) => browserErrors.push(error.message));
    // A refused style or script (Content-Security-Policy) shows only as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    await logIn(page, PASSWORD);
    const rooms = page.getByRole('table', { name: 'Rooms' });
    await rooms.waitFor();
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });

    const { code, ben } = await scriptedGame();
    const row = rooms.getByRole('row').filter({ hasText: code });
    // The row's figures follow the game: two players and Hamburg.
    await row.filter({ hasText: 'playing' }).filter({ hasText: 'DE' }).waitFor({ timeout: 10_000 });
    await expectCells(row, { Players: '2', Finds: '1' });
    await page.getByText('Players connected').waitFor();
    // Every chart of the last hour and of the history is drawn.
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: join(E2E_SHOTS, 'admin.png'), fullPage: true });

    // Sorting by a header marks it and keeps the room in the table.
    const playersHeader = rooms.getByRole('columnheader', { name: 'Players' });
    await playersHeader.getByRole('button').click();
    expect(await playersHeader.getAttribute('aria-sort')).toBe('descending');
    await playersHeader.getByRole('button').click();
    expect(await playersHeader.getAttribute('aria-sort')).toBe('ascending');
    await row.waitFor();

    await row.getByRole('link', { name: code }).click();
    await page.waitForURL(`${server.url}/admin/rooms/${code}`);
    await page.getByRole('heading', { name: `Room ${code}` }).waitFor();
    const scoreboard = page.getByRole('list', { name: 'Scoreboard' });
    await scoreboard
      .getByRole('listitem')
      .filter({ hasText: 'Ann' })
      .filter({ hasText: '1 place' })
      .waitFor();
    const map = page.locator(`.map[data-markers]`);
    await page.locator('.map[data-markers="1"]').waitFor({ timeout: 20_000 });

    // A find as it happens: on the map, in the latest finds, on the scoreboard, announced.
    const munich = await guess(ben, 'München');
    await page.locator('.map[data-markers="2"]').waitFor({ timeout: 10_000 });
    await page
      .getByRole('list', { name: 'Latest finds' })
      .getByRole('listitem')
      .first()
      .filter({ hasText: `Ben ${munich}` })
      .waitFor();
    await scoreboard
      .getByRole('listitem')
      .filter({ hasText: 'Ben' })
      .filter({ hasText: '1 place' })
      .waitFor();
    await page.getByText(`Ben found ${munich}`).waitFor({ state: 'attached' });
    expect(await map.count()).toBe(1);
    await page.screenshot({ path: join(E2E_SHOTS, 'admin-room.png') });

    // Back returns to the dashboard, which kept running.
    await page.goBack();
    await page.waitForURL(`${server.url}/admin`);
    await expectCells(rooms.getByRole('row').filter({ hasText: code }), { Finds: '2' });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Password').waitFor();
    expect(browserErrors).toEqual([]);
  });

  test('a visitor opens the home page and the about page: two page views, in the Visitors section', async () => {
    const operator = await operatorPage();
    await logIn(operator, PASSWORD);
    const visitorsSection = operator.locator('section.panel').filter({
      has: operator.getByRole('heading', { name: /^Visitors/ }),
    });
    await visitorsSection.getByRole('table', { name: 'Pages' }).waitFor();
    // The suites share the database: this test adds to what earlier runs counted today.
    const report = async () =>
      (await (
        await operator.request.get(`${server.url}/admin/api/visitors`)
      ).json()) as VisitorsReport;
    const views = (r: VisitorsReport, page: string) =>
      r.pages.find((p) => p.key === page)?.count ?? 0;
    const before = await report();

    // A person's browser: headless Chromium names itself HeadlessChrome, which is not counted.
    const context = await browser.newContext({
      viewport: { width: 390, height: 800 },
      userAgent: DESKTOP_CHROME,
    });
    contexts.push(context);
    const visitor = await context.newPage();
    const refused: string[] = [];
    visitor.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    await visitor.goto(server.url);
    await visitor.getByRole('link', { name: 'About' }).click();
    await visitor.getByRole('heading', { name: 'Privacy' }).waitFor();
    await visitor.screenshot({ path: join(E2E_SHOTS, 'about-privacy.png'), fullPage: true });

    const after = await eventually(
      async () => {
        const r = await report();
        return views(r, '/about') > views(before, '/about') ? r : undefined;
      },
      10_000,
      'the page views',
    );
    expect(views(after, '/')).toBe(views(before, '/') + 1);
    expect(views(after, '/about')).toBe(views(before, '/about') + 1);
    expect(after.viewsPerDay.at(-1)!.views).toBe(before.viewsPerDay.at(-1)!.views + 2);
    // The page's Content-Security-Policy let the beacons through: nothing was refused.
    expect(refused).toEqual([]);

    await operator.reload();
    const pages = visitorsSection.getByRole('table', { name: 'Pages' });
    await pages
      .getByRole('row')
      .filter({ hasText: 'About' })
      .filter({ hasText: String(views(after, '/about')) })
      .waitFor();
    await visitorsSection
      .getByRole('table', { name: 'Screens' })
      .getByRole('row')
      .filter({ hasText: 'phone' })
      .waitFor();
    await visitorsSection.scrollIntoViewIfNeeded();
    await visitorsSection.screenshot({ path: join(E2E_SHOTS, 'admin-visitors.png') });
  });
});

/** The row shows `expected` in the columns of those headers. */
async function expectCells(row: ReturnType<Page['locator']>, expected: Record<string, string>) {
  const headers = await row.locator('xpath=ancestor::table').locator('thead th').allTextContents();
  for (const [header, text] of Object.entries(expected)) {
    const index = headers.findIndex((h) => h.trim() === header);
    expect(index).toBeGreaterThanOrEqual(0);
    await row
      .locator(`:is(th, td):nth-child(${index + 1})`)
      .filter({ hasText: new RegExp(`^${text}$`) })
      .waitFor({ timeout: 10_000 });
  }
}
