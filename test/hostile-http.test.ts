/**
 * The HTTP surface as a stranger meets it (issue 14, findings 6 and 8): the
 * Content-Security-Policy upgrades requests only for a page that came over
 * TLS (a plain-HTTP node on a LAN address would otherwise serve a blank
 * page), Strict-Transport-Security likewise; source maps answer only when
 * SOURCE_MAPS asks for them; a favicon that is an icon; and paths that name
 * files the client does not have (scanners' /wp-login.php, /.env,
 * traversals) answer 404, not the game's page, while the client's own page
 * paths keep it. The app as node.ts builds it, on a loopback port, with the
 * built client.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../server/app.js';
import { readConfig } from '../server/config.js';
import {} from './support/browser-game.js';

const CLIENT = join(process.cwd(), 'dist', 'client');
const servers: Server[] = [];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The app on a loopback port: plain HTTP, as a node without TLS serves it. */
async function serve(options: { trustProxy?: number; sourceMaps?: boolean } = {}) {
  const http = createServer(createApp({ ready: () => undefined, ...options }));
  servers.push(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  /** GET `path` exactly as written (no URL normalisation), with these headers. */
  return (path: string, headers: Record<string, string> = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, headers: { host: 'placerace.test', ...headers } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
}

let get: Awaited<ReturnType<typeof serve>>;
let behindTls: Awaited<ReturnType<typeof serve>>;
let withMaps: Awaited<ReturnType<typeof serve>>;
let map: string;
let script: string;

beforeAll(async () => {
  get = await serve();
  behindTls = await serve({ trustProxy: 1 });
  withMaps = await serve({ sourceMaps: true });
  const assets = readdirSync(join(CLIENT, 'assets'));
  map = assets.find((file) => file.startsWith('index-') && file.endsWith('.js.map'))!;
  script = map.replace(/\.map$/, '');
});

afterAll(() => {
  for (const http of servers) http.close();
});

const csp = (answer: Answer) => String(answer.headers['content-security-policy']);

describe('over plain HTTP, on a name other than localhost', () => {
  test('the page asks for nothing over https: no upgrade-insecure-requests, no HSTS', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module"');
    expect(csp(page)).toContain("default-src 'self'");
    expect(csp(page)).toContain("connect-src 'self'");
    expect(csp(page)).not.toContain('upgrade-insecure-requests');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });

  test('a forged X-Forwarded-Proto counts for nothing without TRUST_PROXY', async () => {
    const page = await get('/', { 'x-forwarded-proto': 'https' });
    expect(csp(page)).not.toContain('upgrade-insecure-requests');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('behind a TLS proxy (TRUST_PROXY=1, X-Forwarded-Proto: https)', () => {
  test('the policy upgrades insecure requests and HSTS is sent', async () => {
    const page = await behindTls('/', { 'x-forwarded-proto': 'https' });
    expect(csp(page)).toContain('upgrade-insecure-requests');
    expect(csp(page)).toContain("connect-src 'self'");
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  test('the same proxy forwarding plain HTTP gets neither', async () => {
    const page = await behindTls('/', { 'x-forwarded-proto': 'http' });
    expect(csp(page)).not.toContain('upgrade-insecure-requests');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });

  test('API answers carry the same policy', async () => {
    const api = await behindTls('/api/rooms', { 'x-forwarded-proto': 'https' });
    expect(csp(api)).toContain('upgrade-insecure-requests');
  });
});

describe('source maps', () => {
  test('are built, and the bundles still name them', () => {
    expect(map).toBeDefined();
    expect(readFileSync(join(CLIENT, 'assets', script), 'utf8')).toContain(
      `//# sourceMappingURL=${map}`,
    );
  });

  test('answer 404 by default; the bundles themselves are served', async () => {
    expect((await get(`/assets/${script}`)).status).toBe(200);
    const answer = await get(`/assets/${map}`);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('sourcesContent');
    expect((await get(`/assets/${map.toUpperCase()}`)).status).toBe(404);
    expect((await get(`/${map}`)).status).toBe(404);
  });

  test('are served with SOURCE_MAPS=1', async () => {
    const answer = await withMaps(`/assets/${map}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ version: 3 });
  });

  test('SOURCE_MAPS is read as 1 or 0 (unset: off); anything else stops the start', () => {
    expect(readConfig({}).sourceMaps).toBe(false);
    expect(readConfig({ SOURCE_MAPS: '' }).sourceMaps).toBe(false);
    expect(readConfig({ SOURCE_MAPS: '0' }).sourceMaps).toBe(false);
    expect(readConfig({ SOURCE_MAPS: '1' }).sourceMaps).toBe(true);
    expect(() => readConfig({ SOURCE_MAPS: 'yes' })).toThrow(/SOURCE_MAPS: use 1/);
  });
});

describe('the favicon', () => {
  test('is an SVG icon both pages link to', async () => {
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toContain('<svg');
    for (const page of ['index.html', 'admin.html']) {
      expect(readFileSync(join(CLIENT, page), 'utf8')).toContain(
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml" />',
      );
    }
  });

  test('/favicon.ico is not the game page', async () => {
    const ico = await get('/favicon.ico');
    expect(ico.status).toBe(404);
    expect(ico.body).not.toContain('<html');
  });
});

describe('paths', () => {
  test.each([
    '/wp-login.php',
    '/x.php',
    '/.env',
    '/.git/config',
    '/.git/HEAD',
    '/%2eenv',
    '/admin.php',
    '/config.json',
    '/server/main.ts',
    '/package.json',
    '/robots.txt',
    '/r/ABCDEF/../../.env',
    '/assets/missing.js',
  ])('%s answers 404, not the page', async (path) => {
    const answer = await get(path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('<html');
  });

  test.each([
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..\\..\\package.json',
  ])('%s reaches no file outside the client', async (path) => {
    const answer = await get(path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body).not.toMatch(/"name": "placerace"|root:x:0:0/);
  });

  test.each(['/', '/about', '/r/ABCDEF', '/r/abcdef', '/r/AB.CD', '/g/abc123', '/nowhere'])(
    '%s is a page of the client',
    async (path) => {
      const answer = await get(path);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.body).toContain('<main id="app">');
    },
  );
});
