/**
 * Releases as ops/deploy makes them (ops/deploy.md): one archive from
 * `ops/deploy/upload --out`, then `ops/deploy/update` and `ops/deploy/rollback`
 * against a root in a temporary directory, in order — each step starts from
 * what the one before left. The "service" is a real server process that a
 * small script (the restart command) stops and starts from ROOT/current, the
 * way `systemctl restart 'placerace@*.service'` does on the server; /healthz
 * names the release it runs. About a minute: one `npm ci --omit=dev` (from
 * npm's cache), then hard links; every check copies the PGlite data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { eventually, freePort, type Finished } from './support/processes.js';
import { databaseUrl, describeWith, testDataDir } from './support/services.js';

const repo = process.cwd();
const script = (name: string) => join(repo, 'ops', 'deploy', name);

let tmp: string;
let root: string;
let archive: string;
let port: number;
/** The scripts running now: killed in afterAll if a test gave up on them. */
const running = new Set<ChildProcess>();

/**
 * The restart command's stand-in for systemd: stops the node it started last
 * (its PID file), waits until it is gone (PGlite serves one process), and
 * starts one from ROOT/current with the environment file, in the background.
 */
const SERVICE = `#!/usr/bin/env bash
set -euo pipefail
root=$1 port=$2
if [[ -f $root/service.pid ]]; then
  pid=$(cat "$root/service.pid")
  if kill -TERM "$pid" 2>/dev/null; then
    # Until it is gone (a zombie waiting for its reaper counts as gone).
    while state=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) && [[ $state != Z ]]; do sleep 0.1; done
  fi
fi
cd "$root/current"
set -a
. "$root/shared/placerace.env"
set +a
PORT=$port HOST=127.0.0.1 NODE_ID=deploy-test-service \\
  node --import tsx server/main.ts >>"$root/service.log" 2>&1 </dev/null &
echo $! >"$root/service.pid"
`;

/** Runs a script of ops/deploy with no database or Redis of the suite's own in its environment. */
function run(name: string, args: readonly string[]): Promise<Finished & { seconds: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const started = Date.now();
  const child = spawn(script(name), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** `update --root ROOT --archive … --restart-command <the service script>` plus `args`. */
function update(args: readonly string[] = [], file = archive) {
  return run('update', ['--root', root, '--archive', file, ...restartArgs(), ...args]);
}

function restartArgs(): string[] {
  return ['--restart-command', `bash ${join(tmp, 'service')} ${root} ${port}`];
}

/** The release a link of the root points at, as the link says it (relative). */
function link(name: 'current' | 'previous'): string | undefined {
  return existsSync(join(root, name)) ? readlinkSync(join(root, name)) : undefined;
}

function releases(): string[] {
  return readdirSync(join(root, 'releases')).sort();
}

function servicePid(): number {
  return Number(readFileSync(join(root, 'service.pid'), 'utf8'));
}

/** The release the service answers /healthz with, once it answers 200. */
function serviceRelease(): Promise<string> {
  return eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status !== 200) return undefined;
      return ((await response.json()) as { release?: string }).release;
    },
    60_000,
    'the service to answer /healthz',
  );
}

/** The release's own name and the first line of its RELEASE file (what /healthz says). */
function releaseLine(name: string): string {
  return readFileSync(join(root, 'releases', name, 'RELEASE'), 'utf8').split('\n')[0]!;
}

function expectSucceeded(result: Finished) {
  if (result.code !== 0) throw new Error(`exit ${result.code}:\n${result.stderr}`);
}

async function stopService() {
  if (!existsSync(join(root, 'service.pid'))) return;
  const pid = servicePid();
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  await eventually(async () => (alive() ? undefined : true), 15_000, 'the service to stop').catch(
    () => alive() && process.kill(pid, 'SIGKILL'),
  );
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'placerace-deploy-'));
  root = join(tmp, 'root');
  mkdirSync(join(root, 'shared'), { recursive: true });
  archive = join(tmp, 'placerace.tar.gz');
  // The work tree as it is, like every other suite (in CI, a clean clone: HEAD).
  const upload = await run('upload', ['--out', archive, '--work-tree']);
  expectSucceeded(upload);
  // A clean clone (CI) packs what HEAD holds; a work tree with changes says so.
  expect(upload.stderr).toMatch(/packing (the work tree: )?commit [0-9a-f]{7,}/);
  // The service's data: a copy of the suites' imported PGlite directory.
  cpSync(testDataDir, join(tmp, 'data'), { recursive: true });
  writeFileSync(
    join(root, 'shared', 'placerace.env'),
    `# the service's environment\nDATA_DIR=${join(tmp, 'data')}\nLOG_DIR=${join(tmp, 'logs')}\n`,
  );
  writeFileSync(join(tmp, 'service'), SERVICE);
  port = await freePort();
}, 120_000);

afterAll(async () => {
  for (const child of running) child.kill('SIGTERM');
  if (root) await stopService();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('--help: each script says how to use it', async () => {
  for (const name of ['upload', 'update', 'rollback']) {
    const help = await run(name, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: ops/deploy/${name} `));
  }
});

test('upload --out packs the tracked files of a commit (HEAD), the built client and RELEASE, no node_modules', async () => {
  const file = join(tmp, 'head.tar.gz');
  expectSucceeded(await run('upload', ['--out', file]));
  const head = (await capture('git', ['rev-parse', 'HEAD'])).trim();
  const release = await capture('tar', ['-xzOf', file, './RELEASE']);
  expect(release).toMatch(new RegExp(`^${head.slice(0, 7)}[0-9a-f]*\ncommit ${head}\n`));
  expect(release).toMatch(/^commit-date \d{4}-.*\nbuilt \d{4}-/m);
  const packed = new Set(
    (await capture('tar', ['-tzf', file])).split('\n').map((entry) => entry.replace(/^\.\//, '')),
  );
  const tracked = (await capture('git', ['ls-tree', '-r', '--name-only', 'HEAD'])).split('\n');
  expect(tracked.filter((path) => path && !packed.has(path))).toEqual([]);
  expect(packed.has('dist/client/index.html')).toBe(true);
  expect([...packed].filter((path) => path.startsWith('node_modules'))).toEqual([]);
});

let first: string;
let second: string;

test('a first update: the release, production dependencies only, current set, the service on it', async () => {
  const result = await update();
  expectSucceeded(result);
  first = releases()[0]!;
  expect(first).toMatch(/^v\d{4}-\d\d-\d\d-T\d\d-\d\d-\d\d$/);
  expect(link('current')).toBe(`releases/${first}`);
  expect(link('previous')).toBeUndefined();
  const dir = join(root, 'releases', first);
  expect(existsSync(join(dir, 'dist', 'client', 'index.html'))).toBe(true);
  expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(true);
  expect(existsSync(join(dir, 'node_modules', 'vite'))).toBe(false);
  expect(releaseLine(first)).toMatch(new RegExp(`^${first} [0-9a-f]{7,}`));
  for (const step of [
    'unpacking',
    'installing production dependencies (npm ci --omit=dev)',
    'copying the data directory',
    'checking the new release on port',
    'switching',
    'restarting the service',
  ]) {
    expect(result.stderr).toContain(`update: ${step}`);
  }
  expect(await serviceRelease()).toBe(releaseLine(first));
});

test('a second update: node_modules hard-linked from the first, previous set, the service restarted on it', async () => {
  const before = servicePid();
  const result = await update();
  expectSucceeded(result);
  expect(result.stderr).toContain('hard links to its node_modules');
  second = releases().find((name) => name !== first)!;
  expect(link('current')).toBe(`releases/${second}`);
  expect(link('previous')).toBe(`releases/${first}`);
  const inode = (name: string) =>
    statSync(join(root, 'releases', name, 'node_modules', 'express', 'package.json')).ino;
  expect(inode(second)).toBe(inode(first));
  expect(await serviceRelease()).toBe(releaseLine(second));
  expect(servicePid()).not.toBe(before);
});

test('an update whose server cannot start changes nothing: current, the service and its PID stay', async () => {
  // The good archive with server/main.ts replaced by one that exits at once.
  const bad = join(tmp, 'bad');
  mkdirSync(bad);
  await tar(['-xzf', archive, '-C', bad]);
  writeFileSync(
    join(bad, 'server', 'main.ts'),
    "console.error('this release cannot start');\nprocess.exit(1);\n",
  );
  const badArchive = join(tmp, 'bad.tar.gz');
  await tar(['-czf', badArchive, '-C', bad, '.']);

  const pid = servicePid();
  const before = releases();
  const result = await update([], badArchive);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/FAILED while checking the new release on port \d+/);
  expect(result.stderr).toContain('the new release exited (status 1) before it was ready');
  expect(result.stderr).toContain('this release cannot start');
  expect(result.stderr).toContain(`current still points at releases/${second}`);
  expect(link('current')).toBe(`releases/${second}`);
  expect(link('previous')).toBe(`releases/${first}`);
  expect(releases()).toEqual(before);
  expect(servicePid()).toBe(pid);
  process.kill(pid, 0); // still running: never restarted
  expect(await serviceRelease()).toBe(releaseLine(second));
});

test('rollback swaps current and previous and restarts the service on the earlier release', async () => {
  const result = await run('rollback', ['--root', root, ...restartArgs()]);
  expectSucceeded(result);
  expect(link('current')).toBe(`releases/${first}`);
  expect(link('previous')).toBe(`releases/${second}`);
  expect(await serviceRelease()).toBe(releaseLine(first));
});

test('--link-system-config links the configuration for systemd, nginx and fail2ban and copies logrotate; five releases stay', async () => {
  // Six releases older than any real one, to be pruned.
  for (let day = 1; day <= 6; day++) {
    mkdirSync(join(root, 'releases', `v2020-01-0${day}-T00-00-00`, 'server'), { recursive: true });
  }
  const system = join(tmp, 'system');
  const result = await update(['--link-system-config', '--system-root', system]);
  expectSucceeded(result);
  const third = link('current')!.replace('releases/', '');
  expect(link('previous')).toBe(`releases/${first}`);
  expect(releases()).toEqual(
    ['v2020-01-05-T00-00-00', 'v2020-01-06-T00-00-00', first, second, third].sort(),
  );
  expect(await serviceRelease()).toBe(releaseLine(third));

  // Links through ROOT/current: they show whichever release is current.
  const release = join(root, 'releases', third);
  const linked = {
    'etc/systemd/system/placerace@.service': 'ops/systemd/placerace@.service',
    'etc/systemd/system/placerace-backup.timer': 'ops/systemd/placerace-backup.timer',
    'etc/nginx/sites-enabled/placerace.conf': 'ops/nginx.conf',
    'etc/fail2ban/filter.d/placerace.conf': 'ops/fail2ban/filter.d/placerace.conf',
    'etc/fail2ban/jail.d/placerace.conf': 'ops/fail2ban/jail.d/placerace.conf',
  };
  for (const [place, file] of Object.entries(linked)) {
    expect(lstatSync(join(system, place)).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(system, place))).toBe(join(root, 'current', file));
    expect(realpathSync(join(system, place))).toBe(realpathSync(join(release, file)));
  }
  const logrotate = join(system, 'etc/logrotate.d/placerace');
  expect(lstatSync(logrotate).isFile()).toBe(true);
  expect(lstatSync(logrotate).mode & 0o777).toBe(0o644);
  expect(readFileSync(logrotate, 'utf8')).toBe(
    readFileSync(join(release, 'ops/logrotate/placerace'), 'utf8'),
  );
  expect(result.stderr).toContain('not reloaded');
});

describeWith('DATABASE_URL')('with PostgreSQL', () => {
  test('the migrations run before the check, with the new release', async () => {
    const envFile = join(tmp, 'postgres.env');
    writeFileSync(envFile, `DATABASE_URL=${databaseUrl}\nDATA_DIR=${join(tmp, 'pg-data')}\n`);
    const before = link('current');
    const result = await run('update', [
      ...['--root', root, '--archive', archive, '--env-file', envFile],
      ...['--restart-command', 'true'],
    ]);
    expectSucceeded(result);
    const migrating = result.stderr.indexOf('update: running migrations');
    expect(migrating).toBeGreaterThan(-1);
    expect(result.stderr.indexOf('update: checking the new release')).toBeGreaterThan(migrating);
    expect(result.stderr).toMatch(/Gazetteer up to date|Applied migration/);
    // No copy of a data directory: the data is in PostgreSQL.
    expect(result.stderr).not.toContain('copying the data directory');
    expect(link('previous')).toBe(before);
    expect(releases()).toHaveLength(5);
  });
});

/** A command's standard output; rejects when it fails. */
function capture(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command}: exit ${code}`)),
    );
  });
}

function tar(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar: ${code}`))));
  });
}
