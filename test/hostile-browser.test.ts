/**
 * The hostile page in a real browser (Debian's Chromium through
 * playwright-core): a page served from another origin of the same site
 * (127.0.0.1 on another port, so the operator's SameSite cookie goes along)
 * tries a raw WebSocket and socket.io (websocket and polling, / and /admin)
 * to the game, and fires `fetch(no-cors)` posts at /admin/login and
 * /admin/logout. All are refused, none counts toward the login's lock, and
 * the operator's session and login keep working.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Database } from '../db/database.js';
import { PROTOCOL_VERSION } from '../protocol/schemas.js';
import { describeBrowser, launchChromium } from './support/chromium.js';
import { pgliteDatabase } from './support/databases.js';
import { startTestNode, type TestNode } from './support/game-client.js';

const PASSWORD = 'a long operator passphrase';

/** socket.io's browser build, as any page could load it. */
const CLIENT_BUNDLE = readFileSync(
  fileURLToPath(new URL('../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url)),
);

/**
 * The other origin's page: its probes leave their outcomes in `window.probes`.
 * A no-cors post reaches the server whatever its fate in the page (helmet's
 * Cross-Origin-Resource-Policy makes Chromium hide even the opaque answer,
 * and fetch rejects): the server's log says what it did with them.
 */
function hostilePage(game: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><script src="/io.js"></script></head><body>
<script>
const game = ${JSON.stringify(game)};
const outcome = (socket) => new Promise((resolve) => {
  socket.on('connect', () => resolve('connected'));
  socket.on('connect_error', (err) => { socket.close(); resolve('refused: ' + err.message); });
});
window.probes = (async () => {
  const results = {};
  results.webSocket = await new Promise((resolve) => {
    const ws = new WebSocket(game.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket');
    ws.onopen = () => { ws.close(); resolve('open'); };
    ws.onerror = () => resolve('error');
  });
  const auth = { protocolVersion: ${PROTOCOL_VERSION} };
  const options = (transports) => ({ transports, auth, reconnection: false, forceNew: true, withCredentials: true });
  results.playersWebsocket = await outcome(io(game, options(['websocket'])));
  results.playersPolling = await outcome(io(game, options(['polling'])));
  results.adminWebsocket = await outcome(io(game + '/admin', options(['websocket'])));
  results.adminPolling = await outcome(io(game + '/admin', options(['polling'])));
  const post = (path, body) => fetch(game + path, {
    method: 'POST', mode: 'no-cors', credentials: 'include', body: body && new URLSearchParams(body),
  }).then(() => 'sent', () => 'sent');
  results.logins = [];
  for (let i = 0; i < 11; i++) results.logins.push(await post('/admin/login', { password: 'guess ' + i }));
  results.logout = await post('/admin/logout');
  return results;
})();
</script></body></html>`;
}

describeBrowser('a page of another origin, in Chromium', () => {
  let db: Database;
  let server: TestNode;
  let hostile: Server;
  let hostileUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    const built = spawnSync(process.execPath, ['scripts/ensure-client.js'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the client did not build');
    db = await pgliteDatabase.openImported();
    server = await startTestNode(db, {
      adminPassword: PASSWORD,
      log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    });
    hostile = createServer((req, res) => {
      if (req.url === '/io.js')
        return void res.setHeader('content-type', 'text/javascript').end(CLIENT_BUNDLE);
      res.setHeader('content-type', 'text/html').end(hostilePage(server.url));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    hostile?.close();
    await server?.close();
    await db?.close();
  });

  async function operatorLogsIn(context: BrowserContext) {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Password').fill(PASSWORD);
    const posted = page.waitForRequest((r) => r.url().endsWith('/admin/login'));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('table', { name: 'Rooms' }).waitFor();
    return { page, origin: (await (await posted).allHeaders()).origin };
  }

  test('sockets and posts from it are refused; the operator stays logged in and can log in again', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const { page: dashboard, origin } = await operatorLogsIn(context);
    // The login form says where it comes from (the admin pages' referrer policy keeps Origin).
    expect(origin).toBe(server.url);
    // A page of the game's own origin opens a websocket: the probe below is no broken probe.
    const own = await dashboard.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(
            `${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
          );
          ws.onopen = () => {
            ws.close();
            resolve('open');
          };
          ws.onerror = () => resolve('error');
        }),
      server.url,
    );
    expect(own).toBe('open');
    await dashboard.close();

    const page = await context.newPage();
    await page.goto(hostileUrl);
    const probes = await page.evaluate(
      () => (globalThis as unknown as { probes: Promise<unknown> }).probes,
    );
    expect(probes).toEqual({
      webSocket: 'error',
      playersWebsocket: 'refused: websocket error',
      playersPolling: 'refused: xhr poll error',
      adminWebsocket: 'refused: websocket error',
      adminPolling: 'refused: xhr poll error',
      logins: Array(11).fill('sent'),
      logout: 'sent',
    });

    // The server refused each post before counting it, and logged the refusals.
    const logged = lines.map(
      (l) => JSON.parse(l) as { msg: string; path?: string; origin?: string },
    );
    const refusals = logged.filter(
      (l) => l.msg === 'request refused: not from a page of this site',
    );
    expect(refusals.filter((l) => l.path === '/admin/login')).toHaveLength(11);
    expect(refusals.find((l) => l.path === '/admin/logout')).toMatchObject({ origin: hostileUrl });
    expect(logged.some((l) => /wrong password|login locked/.test(l.msg))).toBe(false);

    // The session survived the logout attempt; and the login is not locked for anyone.
    expect((await context.request.get(`${server.url}/admin/api/history`)).status()).toBe(200);
    const fresh = await browser.newContext();
    contexts.push(fresh);
    await operatorLogsIn(fresh);
  });
});
