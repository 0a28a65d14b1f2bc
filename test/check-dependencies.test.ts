/**
 * The dependency check `npm test` runs before the suites
 * (scripts/check-dependencies.ts): semantic versions compared as semver.org
 * orders them, every installed copy against the pin of its major version,
 * development-only copies left alone, and the exit code and lines of the
 * command on a project of its own, then on this one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  checkVersions,
  compareVersions,
  installedCopies,
  main,
  type InstalledCopy,
} from '../scripts/check-dependencies.js';
import { runScript } from './support/processes.js';

describe('compareVersions', () => {
  test.each([
    ['1.2.3', '1.2.3', 0],
    ['1.2.4', '1.2.3', 1],
    ['1.3.0', '1.2.9', 1],
    ['2.0.0', '1.99.99', 1],
    ['8.4.2', '8.4.10', -1],
    ['6.6.9', '6.6.10', -1],
    ['10.0.0', '9.9.9', 1],
    ['v1.2.3', '1.2.3', 0],
    ['1.2.3+build.5', '1.2.3', 0],
    ['1.0.0-alpha', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-alpha.beta', '1.0.0-beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-beta.11', '1.0.0-rc.1', -1],
    ['5.0.0-beta.3', '4.21.2', 1],
  ])('%s against %s', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  test('refuses what is not a version', () => {
    expect(() => compareVersions('latest', '1.0.0')).toThrow('not a version');
    expect(() => compareVersions('1.0', '1.0.0')).toThrow('not a version');
  });
});

describe('checkVersions', () => {
  const pins = {
    ws: { minimum: '8.20.1', why: 'CVE-2026-45736' },
    cookie: { minimum: ['0.7.0', '1.1.1'], why: 'CVE-2024-47764' },
  };
  const copy = (name: string, version: string | undefined, path = `node_modules/${name}`) =>
    ({ name, version, path }) satisfies InstalledCopy;

  test('at or above the pin passes', () => {
    expect(
      checkVersions(pins, [
        copy('ws', '8.20.1'),
        copy('ws', '8.23.0', 'node_modules/engine.io/node_modules/ws'),
        copy('cookie', '1.1.1'),
        copy('cookie', '0.7.2', 'node_modules/express/node_modules/cookie'),
        copy('express', '5.3.0'),
      ]),
    ).toEqual([]);
  });

  test('an older copy fails, nested ones too, with where it is and why the pin', () => {
    expect(
      checkVersions(pins, [
        copy('ws', '8.23.0'),
        copy('ws', '8.17.1', 'node_modules/engine.io/node_modules/ws'),
        copy('cookie', '1.1.1'),
        copy('cookie', '0.6.0', 'node_modules/express/node_modules/cookie'),
      ]),
    ).toEqual([
      'ws: 8.17.1 at node_modules/engine.io/node_modules/ws is older than the known-good 8.20.1 (CVE-2026-45736)',
      'cookie: 0.6.0 at node_modules/express/node_modules/cookie is older than the known-good 0.7.0 (CVE-2024-47764)',
    ]);
  });

  test('a pre-release of the known-good version is older than it', () => {
    expect(checkVersions(pins, [copy('ws', '8.20.1-rc.1'), copy('cookie', '1.1.1')])).toHaveLength(
      1,
    );
  });

  test('a major version nobody pinned fails, as nobody audited it', () => {
    expect(checkVersions(pins, [copy('ws', '9.0.0'), copy('cookie', '2.0.0')])).toEqual([
      'ws: 9.0.0 at node_modules/ws is of a major version nobody audited (pinned: 8.20.1)',
      'cookie: 2.0.0 at node_modules/cookie is of a major version nobody audited (pinned: 0.7.0, 1.1.1)',
    ]);
  });

  test('a pinned package missing, or in the lockfile but not on disk, fails', () => {
    expect(checkVersions(pins, [copy('ws', undefined)])).toEqual([
      'ws: node_modules/ws is in package-lock.json but not installed (npm ci?)',
      'cookie: pinned but not installed (npm ci?)',
    ]);
  });
});

describe('the command', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'placerace-deps-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function project(installed: Record<string, string>, options: { dev?: string[] } = {}) {
    const write = async (path: string, value: unknown) => {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), JSON.stringify(value));
    };
    await rm(join(root, 'node_modules'), { recursive: true, force: true });
    const packages: Record<string, object> = { '': { name: 'fixture' } };
    for (const [path, version] of Object.entries(installed)) {
      const dev = options.dev?.includes(path) ?? false;
      packages[path] = dev ? { version, dev: true } : { version };
      await write(`${path}/package.json`, { version });
    }
    await write('package-lock.json', { lockfileVersion: 3, packages });
    await write('package.json', { dependencies: { ws: '^8', leftpad: '^1', offline: '^1' } });
    await write('ops/known-good-versions.json', {
      packages: { ws: { minimum: '8.20.1', why: 'CVE-2026-45736' } },
      offline: { offline: 'data' },
    });
  }

  test('reads every production copy from node_modules, not development-only ones', async () => {
    await project(
      {
        'node_modules/ws': '8.23.0',
        'node_modules/engine.io/node_modules/ws': '8.21.0',
        'node_modules/engine.io-client/node_modules/ws': '7.0.0',
      },
      { dev: ['node_modules/engine.io-client/node_modules/ws'] },
    );
    expect(installedCopies(root)).toEqual([
      { name: 'ws', path: 'node_modules/ws', version: '8.23.0' },
      { name: 'ws', path: 'node_modules/engine.io/node_modules/ws', version: '8.21.0' },
    ]);
    const lines: string[] = [];
    expect(main(root, (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual([
      'check-dependencies: not audited yet (add to ops/known-good-versions.json): leftpad',
      'check-dependencies: 2 installed copies of 1 pinned packages are at or above their known-good versions',
    ]);
  });

  test('exits 1 naming the copy that is too old', async () => {
    await project({ 'node_modules/ws': '8.23.0', 'node_modules/a/node_modules/ws': '8.17.1' });
    const run = await runScript('scripts/check-dependencies.ts', [root]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'ws: 8.17.1 at node_modules/a/node_modules/ws is older than the known-good 8.20.1',
    );
  });

  test('passes on this project as installed', async () => {
    const run = await runScript('scripts/check-dependencies.ts', []);
    expect(run.stdout).not.toContain('older than');
    expect(run.code).toBe(0);
  });
});
