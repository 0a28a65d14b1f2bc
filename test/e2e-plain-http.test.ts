/**
 * A node served over plain HTTP and opened under a name that is not
 * localhost (issue 14, finding 6), as `HOST=0.0.0.0 npm start` on a LAN is:
 * the real server process on 127.0.0.1, and Debian's Chromium resolving
 * placerace.test to it (--host-resolver-rules). With the policy's
 * `upgrade-insecure-requests` the browser fetched the page's scripts over
 * https and the page stayed blank; now the home page renders, everything it
 * loads comes over http, and a room can be created over the socket.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, describeBrowser, launchChromium } from './support/chromium.js';
import { testDataDir } from './support/services.js';
import { createRoom, startServer, type ServerProcess } from './support/browser-game.js';

const required = process.env.REQUIRE_SERVICES === '1';
if (!existsSync(CHROMIUM_PATH) && !required) {
  console.warn('Skipping the plain-HTTP browser suite: /usr/bin/chromium is missing.');
}

/** Not localhost: Chromium treats localhost as secure and never upgrades its requests. */
const HOST = 'placerace.test';

let server: ServerProcess;
let browser: Browser;
let url: string;

beforeAll(async () => {
  server = await startServer(testDataDir);
  url = `http://${HOST}:${new URL(server.url).port}`;
  browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that notes every request it makes and every one that failed. */
async function openPage(): Promise<{ page: Page; requested: string[]; failed: string[] }> {
  const page = await browser.newPage();
  const requested: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => void requested.push(request.url()));
  page.on(
    'requestfailed',
    (request) => void failed.push(`${request.url()}: ${request.failure()?.errorText}`),
  );
  return { page, requested, failed };
}

describeBrowser(`plain HTTP under ${HOST}`, () => {
  test('the home page renders, loading everything over http', async () => {
    const { page, requested, failed } = await openPage();
    const response = await page.goto(`${url}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).not.toContain(
      'upgrade-insecure-requests',
    );
    await page.getByRole('heading', { name: 'How many places can you name?' }).waitFor();
    expect(await page.evaluate('location.protocol')).toBe('http:');
    expect(requested.filter((address) => !address.startsWith(`${url}/`))).toEqual([]);
    expect(requested.some((address) => /\/assets\/index-.*\.js$/.test(address))).toBe(true);
    // DevTools is closed: nobody asks for the source maps the bundles name.
    expect(requested.filter((address) => address.endsWith('.map'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(await page.evaluate(`fetch('/favicon.svg').then((r) => r.status)`)).toBe(200);
    await page.close();
  });

  test('a room can be created: the socket connects to the same name over ws', async () => {
    const { page, failed } = await openPage();
    const code = await createRoom(page, url, { nickname: 'Lan', quiz: 'Germany' });
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await page.getByRole('list', { name: 'Players' }).waitFor();
    expect(failed).toEqual([]);
    await page.close();
  });
});
