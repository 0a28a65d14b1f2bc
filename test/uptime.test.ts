/**
 * The uptime probe (ops/uptime): the alert decision as a pure function, then
 * the real `npm run uptime` process against servers on the loopback: a site
 * the test switches between 200 and 503, a webhook and a stand-in for
 * Twilio's REST API that record what they receive.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../ops/uptime/alert-messages.js';
import {
  AlertStateSchema,
  decide,
  delivered,
  freshState,
  type AlertState,
  type Decision,
} from '../ops/uptime/alert-state.js';
import type { ProbeResult } from '../ops/uptime/probe.js';
import { freePort, runScript } from './support/processes.js';

const SITE = 'https://placerace.example/healthz';
const GAME = 'https://placerace.example/';
const CHANNELS = ['webhook', 'twilio'];

const up = (url = SITE): ProbeResult => ({ url, ok: true, detail: 'HTTP 200', ms: 12 });
const down = (url = SITE, detail = 'HTTP 503'): ProbeResult => ({ url, ok: false, detail, ms: 12 });
const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n)).toISOString();

/** Runs the decision over a sequence of runs, each channel delivering unless told otherwise. */
function simulate(
  runs: ProbeResult[][],
  options: { failuresBeforeAlert?: number; failing?: (run: number) => string[] } = {},
): { decisions: Decision[]; state: AlertState } {
  let state = freshState();
  const decisions: Decision[] = [];
  runs.forEach((results, index) => {
    const decision = decide(
      state,
      { at: minute(index * 15), results },
      { failuresBeforeAlert: options.failuresBeforeAlert ?? 2, channels: CHANNELS },
    );
    decisions.push(decision);
    state = decision.state;
    const failing = options.failing?.(index) ?? [];
    for (const channel of decision.send?.channels ?? []) {
      if (!failing.includes(channel)) state = delivered(state, channel);
    }
  });
  return { decisions, state };
}

const sent = (decision: Decision | undefined) =>
  decision?.send ? { status: decision.send.alert.status, channels: decision.send.channels } : null;

describe('the alert decision', () => {
  test('up, down, down, down, up, up: one alert, then one recovery, on every channel', () => {
    const { decisions, state } = simulate([[up()], [down()], [down()], [down()], [up()], [up()]]);
    expect(decisions.map(sent)).toEqual([
      null,
      null,
      { status: 'down', channels: CHANNELS },
      null,
      { status: 'recovered', channels: CHANNELS },
      null,
    ]);

    const alert = decisions[2]!.send!.alert;
    expect(alert).toMatchObject({ status: 'down', urls: [SITE], since: minute(15) });
    expect(alert.text).toContain(`${SITE} (HTTP 503) is down`);
    expect(alert.text).toContain('2 checks in a row');

    const recovery = decisions[4]!.send!.alert;
    expect(recovery).toMatchObject({ status: 'recovered', urls: [SITE], since: minute(60) });
    expect(recovery.text).toContain(`recovered: ${SITE} answers again`);
    expect(recovery.text).toContain(`down since ${minute(15)}, 45 min`);
    expect(state).toMatchObject({ failedRuns: 0, failingSince: null, announced: 'up' });
  });

  test('a failure that clears before the threshold alerts nobody, and the count starts over', () => {
    const { decisions, state } = simulate([[down()], [up()], [down()]]);
    expect(decisions.map(sent)).toEqual([null, null, null]);
    expect(state).toMatchObject({ failedRuns: 1, failingSince: minute(30), announced: 'up' });
  });

  test('with failuresBeforeAlert 1 the first failure alerts', () => {
    const { decisions } = simulate([[down()]], { failuresBeforeAlert: 1 });
    expect(sent(decisions[0])).toEqual({ status: 'down', channels: CHANNELS });
    expect(decisions[0]!.send!.alert.text).toContain('failing the last check');
  });

  test('the alert names every failing URL and why, and only the failing ones', () => {
    const results = [
      down(SITE),
      up('https://other.example/'),
      down(GAME, 'timed out after 10000 ms'),
    ];
    const { decisions } = simulate([results], { failuresBeforeAlert: 1 });
    const alert = decisions[0]!.send!.alert;
    expect(alert.urls).toEqual([SITE, GAME]);
    expect(alert.text).toContain(
      `${SITE} (HTTP 503) and ${GAME} (timed out after 10000 ms) are down`,
    );
  });

  test('a channel that failed gets the same alert on the next run, and only it', () => {
    const { decisions } = simulate([[down()], [down()], [down()], [down()]], {
      failing: (run) => (run === 1 ? ['twilio'] : []),
    });
    expect(decisions.map(sent)).toEqual([
      null,
      { status: 'down', channels: CHANNELS },
      { status: 'down', channels: ['twilio'] },
      null,
    ]);
    expect(decisions[2]!.send!.alert).toEqual(decisions[1]!.send!.alert);
  });

  test('a channel that never delivered the down alert is not sent a recovery', () => {
    const { decisions } = simulate([[down()], [down()], [up()]], {
      failing: (run) => (run === 1 ? ['twilio'] : []),
    });
    expect(sent(decisions[2])).toEqual({ status: 'recovered', channels: ['webhook'] });
  });

  test('a recovery that failed is sent again, even if the next run fails', () => {
    const { decisions } = simulate([[down()], [down()], [up()], [down()], [up()]], {
      failing: (run) => (run === 2 ? ['webhook'] : []),
    });
    expect(decisions.map(sent)).toEqual([
      null,
      { status: 'down', channels: CHANNELS },
      { status: 'recovered', channels: CHANNELS },
      // The next outage is not announced yet, but webhook still owes its recovery.
      { status: 'recovered', channels: ['webhook'] },
      null,
    ]);
  });

  test('the state survives its JSON file', () => {
    const { state } = simulate([[down()], [down()]]);
    expect(AlertStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(AlertStateSchema.safeParse({ ...state, failedRuns: -1 }).success).toBe(false);
  });
});

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Fake {
  url: string;
  /** What the server answers next; tests change it between runs. */
  status: number;
  received: Received[];
  close(): Promise<void>;
}

/** An HTTP server on the loopback that records each request and answers `status`. */
async function fakeServer(answer: (status: number) => string = () => ''): Promise<Fake> {
  const fake: Fake = { url: '', status: 200, received: [], close: () => Promise.resolve() };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { method = '', url: path = '', headers } = request;
      fake.received.push({ method, path, headers, body });
      response.writeHead(fake.status, { 'content-type': 'application/json' });
      response.end(answer(fake.status));
    });
  });
  fake.url = await listen(server);
  fake.close = () => closeServer(server);
  return fake;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The environment of each run starts with no channel and no defaults, whatever the shell had. */
const NO_CHANNELS = {
  ALERT_WEBHOOK_URL: '',
  TWILIO_ACCOUNT_SID: '',
  TWILIO_AUTH_TOKEN: '',
  TWILIO_FROM: '',
  TWILIO_TO: '',
  TWILIO_API_BASE: '',
  UPTIME_URLS: '',
  UPTIME_STATE_FILE: '',
};

const uptime = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runScript('ops/uptime/uptime-cli.ts', args, { env: { ...NO_CHANNELS, ...env } });

const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'twilio-auth-token-not-to-be-printed';

describe('npm run uptime', () => {
  let dir: string;
  let statePath: string;
  let site: Fake;
  let webhook: Fake;
  let twilio: Fake;
  let channels: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'placerace-uptime-'));
    statePath = join(dir, 'state', 'uptime.json');
    site = await fakeServer();
    webhook = await fakeServer();
    webhook.status = 204;
    twilio = await fakeServer((status) =>
      status === 201
        ? '{"sid":"SM0001","status":"queued"}'
        : '{"code":20003,"message":"Authenticate"}',
    );
    twilio.status = 201;
    channels = {
      ALERT_WEBHOOK_URL: `${webhook.url}/hooks/placerace`,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_TO: '+15005550009',
      TWILIO_API_BASE: twilio.url,
    };
  });

  afterEach(async () => {
    await Promise.all([site.close(), webhook.close(), twilio.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const check = (...args: string[]) =>
    uptime(['--url', `${site.url}/healthz`, '--state', statePath, ...args], channels);

  test('an outage: one alert on each channel after two failed runs, one recovery, nothing more', async () => {
    site.status = 200;
    let run = await check();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^up +${site.url}/healthz HTTP 200 in \\d+ ms$`, 'm'));
    expect(run.stderr).toContain('no state file');

    site.status = 503;
    const firstFailure = new Date().toISOString();
    run = await check();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^DOWN ${site.url}/healthz HTTP 503 in \\d+ ms$`, 'm'));
    expect(run.stdout).toContain('failing 1 run(s) in a row');
    expect(webhook.received).toEqual([]);
    expect(twilio.received).toEqual([]);

    const secondFailure = new Date().toISOString();
    run = await check();
    expect(run.code).toBe(1);
    expect(webhook.received).toHaveLength(1);
    expect(twilio.received).toHaveLength(1);

    const hook = webhook.received[0]!;
    expect(hook).toMatchObject({ method: 'POST', path: '/hooks/placerace' });
    expect(hook.headers['content-type']).toBe('application/json');
    const alert = JSON.parse(hook.body) as Alert;
    expect(Object.keys(alert).sort()).toEqual(['since', 'status', 'text', 'urls']);
    expect(alert).toMatchObject({ status: 'down', urls: [`${site.url}/healthz`] });
    expect(alert.text).toContain(`${site.url}/healthz (HTTP 503) is down`);
    expect(alert.since >= firstFailure && alert.since <= secondFailure).toBe(true);

    const sms = twilio.received[0]!;
    expect(sms.method).toBe('POST');
    expect(sms.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(sms.headers.authorization).toBe(
      `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
    );
    expect(sms.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(sms.body);
    expect([...form.keys()].sort()).toEqual(['Body', 'From', 'To']);
    expect(form.get('To')).toBe('+15005550009');
    expect(form.get('From')).toBe('+15005550006');
    expect(form.get('Body')).toBe(alert.text);

    run = await check();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('already alerted');
    expect(webhook.received).toHaveLength(1);
    expect(twilio.received).toHaveLength(1);

    site.status = 200;
    run = await check();
    expect(run.code).toBe(0);
    expect(webhook.received).toHaveLength(2);
    expect(twilio.received).toHaveLength(2);
    const recovery = JSON.parse(webhook.received[1]!.body) as Alert;
    expect(recovery).toMatchObject({ status: 'recovered', urls: [`${site.url}/healthz`] });
    expect(new URLSearchParams(twilio.received[1]!.body).get('Body')).toBe(recovery.text);

    run = await check();
    expect(run.code).toBe(0);
    expect(webhook.received).toHaveLength(2);
    expect(twilio.received).toHaveLength(2);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(await readdir(join(dir, 'state'))).toEqual(['uptime.json']);
  });

  test('a channel that refuses the alert: exit 1, and only it gets the alert again next run', async () => {
    site.status = 503;
    webhook.status = 500;
    let run = await check('--failures', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not send the "down" alert through webhook');
    expect(run.stderr).toContain('HTTP 500');
    expect(twilio.received).toHaveLength(1);
    expect(webhook.received).toHaveLength(1);

    webhook.status = 204;
    run = await check('--failures', '1');
    expect(run.code).toBe(1);
    expect(webhook.received).toHaveLength(2);
    expect(JSON.parse(webhook.received[1]!.body)).toMatchObject({ status: 'down' });
    expect(twilio.received).toHaveLength(1);

    // All URLs answer, but the recovery does not get through: still a failed run.
    site.status = 200;
    twilio.status = 401;
    run = await check('--failures', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not send the "recovered" alert through twilio');
    expect(run.stderr).toContain('Authenticate');
    expect(webhook.received).toHaveLength(3);

    twilio.status = 201;
    run = await check('--failures', '1');
    expect(run.code).toBe(0);
    expect(twilio.received).toHaveLength(3);
    expect(new URLSearchParams(twilio.received[2]!.body).get('Body')).toContain('recovered');
    expect(webhook.received).toHaveLength(3);

    run = await check('--failures', '1');
    expect(run.code).toBe(0);
    expect(webhook.received).toHaveLength(3);
    expect(twilio.received).toHaveLength(3);
  });

  test('an unreachable URL is down; with no channel set the alert is printed', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const run = await uptime(['--url', closed, '--failures', '1', '--state', statePath]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^DOWN ${closed} .*ECONNREFUSED`, 'm'));
    expect(run.stdout).toContain(`ALERT (down): placerace uptime: ${closed}`);
    expect(run.stdout).toContain('no alert channel is set');
  });

  test('a URL that never answers is down after --timeout-ms; the others are still checked', async () => {
    const silent = createServer(() => undefined);
    const silentUrl = `${await listen(silent)}/`;
    try {
      const run = await uptime([
        ...['--url', silentUrl, '--url', `${site.url}/healthz`],
        ...['--timeout-ms', '300', '--state', statePath],
      ]);
      expect(run.code).toBe(1);
      const line = new RegExp(`^DOWN ${silentUrl} timed out after 300 ms in (\\d+) ms$`, 'm');
      expect(run.stdout).toMatch(line);
      // Well short of the default 10 s: the option is what was waited for.
      expect(Number(line.exec(run.stdout)![1])).toBeLessThan(10_000);
      expect(run.stdout).toMatch(new RegExp(`^up +${site.url}/healthz HTTP 200`, 'm'));
    } finally {
      await closeServer(silent);
    }
  });

  test('URLs and the state file from the environment; a corrupt state file starts afresh', async () => {
    const nested = join(dir, 'a', 'b', 'uptime.json');
    const env = {
      UPTIME_URLS: ` ${site.url}/healthz   ${site.url}/ `,
      UPTIME_STATE_FILE: nested,
    };
    let run = await uptime([], env);
    expect(run.code).toBe(0);
    expect(site.received.map((request) => request.path).sort()).toEqual(['/', '/healthz']);
    expect(AlertStateSchema.parse(JSON.parse(await readFile(nested, 'utf8')))).toMatchObject({
      failedRuns: 0,
    });

    await writeFile(nested, '{"failedRuns": 3, "announced": ');
    site.status = 503;
    run = await uptime(['--failures', '3'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the state file ${nested} is corrupt`);
    expect(run.stdout).not.toContain('ALERT');
    expect(JSON.parse(await readFile(nested, 'utf8'))).toMatchObject({ failedRuns: 1 });
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['uptime.json']);
  });

  test('mistakes in the arguments or the environment exit 2 before checking anything', async () => {
    let run = await uptime(['--state', statePath]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no URL to check');

    run = await uptime(['--url', 'ftp://example.org/', '--failures', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ftp://example.org/: not an http(s) URL');
    expect(run.stderr).toContain('--failures must be a positive whole number');

    run = await uptime(['--url', `${site.url}/`], { TWILIO_ACCOUNT_SID: SID });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing: TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_TO');
    expect(site.received).toEqual([]);
  });
});
