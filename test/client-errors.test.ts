/** POST /api/client-errors on a real app, the client-errors log it writes, and the impossible log. */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { ClientErrorReport } from '../protocol/admin.js';
import { createClientErrorHandler } from '../server/admin/client-errors.js';
import { ImpossibleErrors } from '../server/admin/impossible.js';
import { openLogFiles, type LogFiles } from '../server/admin/log-files.js';
import { createApp } from '../server/app.js';
import { createOriginPolicy } from '../server/origins.js';

const NOW = 1_767_225_600_000;
const silent = pino({ level: 'silent' });

let dir: string;
let logs: LogFiles;
let server: Server;
let url: string;
const reports: ClientErrorReport[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'placerace-client-errors-'));
  logs = openLogFiles(join(dir, 'logs'), silent);
  reports.length = 0;
  const clientErrors = createClientErrorHandler({
    log: logs.clientErrors,
    onReport: (report) => reports.push(report),
    trustProxy: 1,
    origins: createOriginPolicy({ trustProxy: 1 }),
    limit: { reports: 20, perSeconds: 600 },
    clock: () => NOW,
  });
  server = createServer(createApp({ ready: () => undefined, clientErrors }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/client-errors`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await logs.close();
  await rm(dir, { recursive: true, force: true });
});

const REPORT = {
  message: 'TypeError: room.players is undefined',
  stack: 'TypeError: room.players is undefined\n    at render (/assets/index-abc.js:1:200)',
  page: '/r/ABCD',
  version: '0.1.0',
  kind: 'error',
};

/** Posts a body as is; each test sends from an address of its own (one proxy hop is trusted). */
function post(body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.1', ...headers },
    body,
  });
}

async function logLines(name: string): Promise<Record<string, unknown>[]> {
  await logs.close();
  const text = await readFile(join(dir, 'logs', name), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a report is accepted: 204, one line in client-errors.log, and passed on to the dashboard', async () => {
  const response = await post(JSON.stringify(REPORT), {
    'user-agent': `Mozilla/5.0 ${'x'.repeat(1000)}`,
    cookie: 'placerace_admin=secret-session',
  });
  expect(response.status).toBe(204);
  expect(reports).toEqual([{ ...REPORT, at: NOW }]);

  const lines = await logLines('client-errors.log');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.report).toEqual({ ...REPORT, at: NOW });
  expect(line.ip).toBe('203.0.113.1');
  expect((line.userAgent as string).startsWith('Mozilla/5.0 xxx')).toBe(true);
  expect((line.userAgent as string).length).toBeLessThanOrEqual(200);
  expect(JSON.stringify(line)).not.toContain('secret-session');
});

test('a report without a stack, from a full URL, is accepted', async () => {
  const { stack: _stack, ...withoutStack } = REPORT;
  const body = { ...withoutStack, page: 'https://placerace.example/g/abc123?x=1' };
  expect((await post(JSON.stringify(body))).status).toBe(204);
  expect(reports).toHaveLength(1);
});

test('an oversized report: 413 too_large, and nothing logged', async () => {
  const response = await post(JSON.stringify({ ...REPORT, stack: 'x'.repeat(40_000) }));
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ error: 'too_large' });
  expect(reports).toEqual([]);
  expect(await logLines('client-errors.log')).toEqual([]);
});

test('broken JSON, a body that is not an object, or no body: 400 bad_request', async () => {
  for (const body of ['{"message": ', 'null', '"an error"', '']) {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_request' });
  }
  expect(reports).toEqual([]);
});

test('a report of the wrong shape: 400 bad_request', async () => {
  const { message: _message, ...withoutMessage } = REPORT;
  const wrong = [
    withoutMessage,
    { ...REPORT, message: '' },
    { ...REPORT, kind: 'warning' },
    { ...REPORT, message: 'x'.repeat(2001) },
    { ...REPORT, stack: 'x'.repeat(8001) },
    { ...REPORT, page: 'javascript:alert(1)' },
    { ...REPORT, page: '/r/AB CD' },
    { ...REPORT, page: `/${'x'.repeat(500)}` },
    { ...REPORT, version: '0.1.0 <script>' },
    { ...REPORT, version: 7 },
    { ...REPORT, at: 0 },
    { ...REPORT, extra: 'x'.repeat(10_000) },
    [REPORT],
  ];
  const answers = [];
  for (const body of wrong) {
    const response = await post(JSON.stringify(body));
    answers.push([response.status, await response.json()]);
  }
  expect(answers).toEqual(wrong.map(() => [400, { error: 'bad_request' }]));
  expect(reports).toEqual([]);
});

test('a body that is not sent as JSON: 400 bad_request', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const response = await post(JSON.stringify(REPORT), { 'content-type': type });
    expect(response.status).toBe(400);
  }
  expect(reports).toEqual([]);
});

test('the 21st report from one address in the window: 429; another address still gets through', async () => {
  const from = (ip: string) => ({ 'x-forwarded-for': `6.6.6.6, ${ip}` });
  for (let i = 0; i < 20; i++) {
    expect((await post(JSON.stringify(REPORT), from('198.51.100.7'))).status).toBe(204);
  }
  const limited = await post(JSON.stringify(REPORT), from('198.51.100.7'));
  expect(limited.status).toBe(429);
  expect(await limited.json()).toEqual({ error: 'rate_limited' });
  // The client's own claim (left of the proxy's hop) does not count as its address.
  expect((await post(JSON.stringify(REPORT), from('198.51.100.8'))).status).toBe(204);
  expect(reports).toHaveLength(21);
});

describe('impossible errors', () => {
  test('each goes to impossible.log and the main log at error level, and take() counts them', async () => {
    const main: Record<string, unknown>[] = [];
    const mainLog = pino(
      { level: 'info' },
      { write: (line: string) => main.push(JSON.parse(line)) },
    );
    const impossible = new ImpossibleErrors(logs.impossible, mainLog);

    impossible.report('a seated join came back without a token', { code: 'ABCD' });
    impossible.report('an event handler threw', { err: new Error('boom') });
    expect(impossible.take()).toBe(2);
    expect(impossible.take()).toBe(0);

    const lines = await logLines('impossible.log');
    expect(lines.map((l) => [l.level, l.impossible])).toEqual([
      [50, 'a seated join came back without a token'],
      [50, 'an event handler threw'],
    ]);
    expect(lines[0]!.code).toBe('ABCD');
    expect((lines[1]!.err as { stack: string }).stack).toContain('boom');
    expect(main.map((l) => [l.level, l.impossible])).toEqual(lines.map((l) => [50, l.impossible]));
  });

  test('reporting never throws, not even with the file closed or details that cannot be read', async () => {
    const impossible = new ImpossibleErrors(logs.impossible, silent);
    await logs.close();
    const hostile = {
      get broken(): never {
        throw new Error('no');
      },
    };
    expect(() => impossible.report('after close')).not.toThrow();
    expect(() => impossible.report('hostile details', hostile)).not.toThrow();
    expect(impossible.take()).toBe(2);
  });
});
