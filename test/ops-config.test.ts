/**
 * The configuration of the programs around the server (ops/systemd,
 * ops/fail2ban, ops/logrotate, ops/nginx.conf), each checked by its own tool:
 * systemd-analyze (verify, calendar, security), fail2ban-regex and
 * fail2ban-client, logrotate, nginx -t.
 * The tools come from Debian's packages (systemd, fail2ban, logrotate); without
 * one the suite is skipped with a message, except with REQUIRE_SERVICES=1 (CI),
 * where it fails. A few seconds in all: no service is started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readConfig } from '../server/config.js';

const repo = process.cwd();
const ops = join(repo, 'ops');
const required = process.env.REQUIRE_SERVICES === '1';

// ---------------------------------------------------------------- the tools

/** The tool's path: logrotate is in /usr/sbin, which a user's PATH may lack. */
function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this one
    }
  }
  return undefined;
}

const COMMANDS = {
  systemdAnalyze: 'systemd-analyze',
  fail2banRegex: 'fail2ban-regex',
  fail2banClient: 'fail2ban-client',
  logrotate: 'logrotate',
  nginx: 'nginx',
};
const tools = {
  systemdAnalyze: findTool(COMMANDS.systemdAnalyze),
  fail2banRegex: findTool(COMMANDS.fail2banRegex),
  fail2banClient: findTool(COMMANDS.fail2banClient),
  logrotate: findTool(COMMANDS.logrotate),
  nginx: findTool(COMMANDS.nginx),
};

/** `describe` when the tools are here; a skip that says why, or a failure under REQUIRE_SERVICES=1. */
function describeWithTools(...names: (keyof typeof tools)[]): jest.Describe {
  const missing = names.filter((name) => !tools[name]);
  if (missing.length === 0) return describe;
  const commands = missing.map((name) => COMMANDS[name]).join(', ');
  const what = `${commands} (apt-get install -y systemd fail2ban logrotate nginx-light)`;
  if (required) throw new Error(`REQUIRE_SERVICES=1 and not installed: ${what}`);
  console.warn(`Skipping the suites that need ${what}: not installed.`);
  return describe.skip;
}

interface Ran {
  code: number | null;
  /** stdout and stderr together, as a person would read them. */
  output: string;
  stdout: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, stdout }));
  });
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'placerace-ops-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A fresh directory inside this run's scratch directory. */
async function scratchDir(name: string): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

// ------------------------------------------------------------------ systemd

const UNITS = [
  'placerace@.service',
  'placerace-backup.service',
  'placerace-backup.timer',
  'placerace-uptime.service',
  'placerace-uptime.timer',
];

const unitText = (name: string) => readFileSync(join(ops, 'systemd', name), 'utf8');

/** The values of `key` in a unit file, in order (a key may be given more than once). */
function settings(name: string, key: string): string[] {
  return unitText(name)
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

function setting(name: string, key: string): string {
  const values = settings(name, key);
  if (values.length !== 1) throw new Error(`${name}: expected one ${key}=, found ${values.length}`);
  return values[0]!;
}

/** A unit's Environment= lines as the service would get them, for one instance on one host. */
function unitEnvironment(name: string, instance: string, host: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of settings(name, 'Environment')) {
    for (const pair of line.split(/\s+/).filter(Boolean)) {
      const [key, value = ''] = pair.split(/=(.*)/s);
      env[key!] = value.replaceAll('%i', instance).replaceAll('%H', host);
    }
  }
  return env;
}

/**
 * The units copied into a directory of their own, so that each timer finds
 * its service beside it and nothing else of the repository is looked at.
 * `systemd-analyze verify` checks that ExecStart's program exists and is
 * executable on this machine; the units name /usr/bin/node, Debian's (and
 * the servers'). Where this machine's node is elsewhere, the copies name it
 * instead, so the rest of the check still runs.
 *
 * Verified as files (`verify DIR/UNIT`), not with `--root=`: with systemd 252
 * a root directory needs a whole systemd tree in it (sysinit.target, …), and
 * ExecStart is still looked up outside it. The template is verified as
 * systemd instantiates it (placerace@i.service). `--man=no`: Documentation=
 * points at our own file, not at a man page to look up.
 */
async function unitsForVerify(dir: string, edit = (text: string) => text): Promise<string[]> {
  const node = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
  return Promise.all(
    UNITS.map(async (name) => {
      const path = join(dir, name);
      await writeFile(path, edit(unitText(name).replaceAll('/usr/bin/node', node)));
      return path;
    }),
  );
}

describeWithTools('systemdAnalyze')('the systemd units (ops/systemd)', () => {
  const analyze = () => tools.systemdAnalyze!;

  test('systemd-analyze verify passes every unit and timer, with nothing to say about them', async () => {
    const paths = await unitsForVerify(await scratchDir('units'));
    const verified = await run(analyze(), ['verify', '--man=no', ...paths]);
    // Other units of this machine may draw remarks; none may be about ours.
    const ours = verified.output.split('\n').filter((line) => line.includes('placerace'));
    expect(ours).toEqual([]);
    expect(verified.code).toBe(0);
  });

  test('the check is real: a unit whose program is missing or a key misspelt is reported', async () => {
    const paths = await unitsForVerify(await scratchDir('broken-units'), (text) =>
      text.replace(/^ExecStart=\S+/m, 'ExecStart=/nonexistent/node').replace('UMask=', 'Umask='),
    );
    const verified = await run(analyze(), ['verify', '--man=no', paths[0]!]);
    expect(verified.code).not.toBe(0);
    expect(verified.output).toContain('/nonexistent/node is not executable');
    expect(verified.output).toContain("Unknown key 'Umask'");
  });

  test('each unit runs its program with node and tsx from the release, as the service user', () => {
    const programs = {
      'placerace@.service': 'server/main.ts',
      'placerace-backup.service': 'ops/backup/backup-cli.ts',
      'placerace-uptime.service': 'ops/uptime/uptime-cli.ts',
    };
    for (const [unit, script] of Object.entries(programs)) {
      expect(setting(unit, 'ExecStart')).toBe(`/usr/bin/node --import tsx ${script}`);
      expect(setting(unit, 'WorkingDirectory')).toBe('/srv/placerace/current');
      expect(setting(unit, 'User')).toBe('placerace');
      expect(setting(unit, 'EnvironmentFile')).toBe('/srv/placerace/shared/placerace.env');
      // The program is where the release will have it: this repository is the release.
      expect({ unit, exists: existsSync(join(repo, script)) }).toEqual({ unit, exists: true });
    }
  });

  test("the service's node gets the same malloc setting as `npm start`'s and the deploy check's", () => {
    const setting = 'MALLOC_MMAP_THRESHOLD_=131072';
    const unit = unitEnvironment('placerace@.service', '3001', 'box');
    expect(`MALLOC_MMAP_THRESHOLD_=${unit.MALLOC_MMAP_THRESHOLD_}`).toBe(setting);
    const scripts = (
      JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.start).toBe(`exec env ${setting} node --import tsx server/main.ts`);
    expect(readFileSync(join(ops, 'deploy', 'update'), 'utf8')).toContain(setting);
  });

  test('node finds tsx from the working directory, as ExecStart runs it (no npm in between)', async () => {
    const args = ['--import', 'tsx', '-e', "import('./server/config.ts').then(() => {})"];
    const inRelease = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
    expect(inRelease.stderr).toBe('');
    expect(inRelease.status).toBe(0);
    // Elsewhere it is not found: WorkingDirectory= is what makes it work.
    const elsewhere = spawnSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' });
    expect(elsewhere.status).not.toBe(0);
    expect(elsewhere.stderr).toContain("Cannot find package 'tsx'");
  });

  test("the node's environment is read by the server as meant: port, name, loopback, the unit's directories", () => {
    const env = unitEnvironment('placerace@.service', '3001', 'box');
    const config = readConfig(env);
    expect(config).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      nodeId: 'box-3001',
      dataDir: '/var/lib/placerace',
      logDir: '/var/log/placerace',
      historyFile: '/var/lib/placerace/hourly.csv',
      developmentOrigins: false,
    });
    // Where the server writes is where systemd lets it (ProtectSystem=strict).
    expect(`/var/lib/${setting('placerace@.service', 'StateDirectory')}`).toBe(config.dataDir);
    expect(`/var/log/${setting('placerace@.service', 'LogsDirectory')}`).toBe(config.logDir);
    expect(setting('placerace@.service', 'SyslogIdentifier')).toBe('placerace');

    const uptime = unitEnvironment('placerace-uptime.service', '', 'box');
    const uptimeState = `/var/lib/${setting('placerace-uptime.service', 'StateDirectory')}/`;
    expect(uptime.UPTIME_STATE_FILE).toBe(`${uptimeState}state.json`);
    const backup = unitEnvironment('placerace-backup.service', '', 'box');
    // The backup and the node agree on the data and the backups: with the
    // embedded database the node makes the dump (server/backup-on-signal.ts).
    const backupState = `/var/lib/${setting('placerace-backup.service', 'StateDirectory')}`;
    expect(backupState).toBe(config.dataDir);
    expect(backup.DATA_DIR).toBe(config.dataDir);
    expect(backup.BACKUP_DIR).toBe(`${config.dataDir}/backups`);
    expect(unitEnvironment('placerace@.service', '3001', 'box').BACKUP_DIR).toBe(backup.BACKUP_DIR);
  });

  test('the node is hardened, without MemoryDenyWriteExecute (V8 and WebAssembly need it off)', async () => {
    const [path] = await unitsForVerify(await scratchDir('security'));
    const report = await run(analyze(), ['security', '--offline=yes', '--no-pager', path!]);
    expect(report.code).toBe(0);
    const exposure = /Overall exposure level for placerace@i\.service: ([\d.]+)/.exec(
      report.output,
    );
    expect(exposure).not.toBeNull();
    // 0 is a locked box, 10 no protection at all; 1.1 when written.
    expect(Number(exposure![1])).toBeLessThanOrEqual(2);
    expect(report.output).toMatch(/✗ MemoryDenyWriteExecute=/);
    expect(unitText('placerace@.service')).not.toMatch(/^MemoryDenyWriteExecute=/m);
  });

  /** The next `count` times a calendar expression elapses after `base`, in UTC. */
  async function elapses(expression: string, base: string, count: number): Promise<Date[]> {
    const args = ['calendar', `--iterations=${count}`, `--base-time=${base}`, expression];
    const calendar = await run(analyze(), args, { TZ: 'UTC' });
    expect(calendar.code).toBe(0);
    return [
      ...calendar.stdout.matchAll(/(?:Next elapse|Iter\. #\d+): \w+ ([\d-]+ [\d:]+) UTC/g),
    ].map((m) => new Date(`${m[1]!.replace(' ', 'T')}Z`));
  }

  test('the uptime timer fires every 15 minutes, on the quarter hour', async () => {
    const onCalendar = setting('placerace-uptime.timer', 'OnCalendar');
    const times = await elapses(onCalendar, '2026-03-01 10:07:00 UTC', 5);
    expect(times.map((t) => t.toISOString())).toEqual([
      '2026-03-01T10:15:00.000Z',
      '2026-03-01T10:30:00.000Z',
      '2026-03-01T10:45:00.000Z',
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T11:15:00.000Z',
    ]);
  });

  test('the backup timer fires once a day at a quiet hour, catches up a missed day, and spreads', async () => {
    const onCalendar = setting('placerace-backup.timer', 'OnCalendar');
    const times = await elapses(onCalendar, '2026-03-01 12:00:00 UTC', 3);
    expect(times.map((t) => t.toISOString())).toEqual([
      '2026-03-02T03:15:00.000Z',
      '2026-03-03T03:15:00.000Z',
      '2026-03-04T03:15:00.000Z',
    ]);
    expect(setting('placerace-backup.timer', 'Persistent')).toBe('true');
    expect(setting('placerace-backup.timer', 'RandomizedDelaySec')).toBe('30min');
  });
});

// ----------------------------------------------------------------- fail2ban

const f2b = join(ops, 'fail2ban');
const ourFilter = join(f2b, 'filter.d', 'placerace.conf');
// `.log.txt`: the repository ignores *.log (.gitignore), and these must be committed.
const sample = (name: string) => join(f2b, 'samples', `${name}.txt`);

interface RegexRun {
  lines: number;
  matched: number;
  missed: number;
  /** The address fail2ban took from each matched line, in order. */
  addresses: string[];
  /** The time it read from each matched line, in epoch seconds. */
  times: number[];
}

/** fail2ban-regex on a log: its summary line, and the address and time of each match (`-o row`). */
async function fail2banRegex(log: string, filter: string, extra: string[] = []): Promise<RegexRun> {
  const regex = tools.fail2banRegex!;
  const [summary, rows] = await Promise.all([
    run(regex, [...extra, log, filter]),
    run(regex, [...extra, '-o', 'row', log, filter]),
  ]);
  expect(summary.code).toBe(0);
  expect(rows.code).toBe(0);
  const counts = /^Lines: (\d+) lines, (\d+) ignored, (\d+) matched, (\d+) missed/m.exec(
    summary.stdout,
  );
  if (!counts) throw new Error(`no summary from fail2ban-regex:\n${summary.output}`);
  // Rows print as Python lists: ['203.0.113.7',	1796084594.974,	{...}],
  const matches = [...rows.stdout.matchAll(/^\['([^']+)',\s*([\d.]+),/gm)];
  return {
    lines: Number(counts[1]),
    matched: Number(counts[3]),
    missed: Number(counts[4]),
    addresses: matches.map((m) => m[1]!),
    times: matches.map((m) => Number(m[2])),
  };
}

const LOGIN_ADDRESSES = [
  ...Array<string>(9).fill('203.0.113.7'),
  '2001:db8:4:5::17',
  '192.0.2.200',
];
const FLOOD_ADDRESSES = ['198.51.100.77', '198.51.100.88'];
const ORIGIN_ADDRESSES = ['198.51.100.120', '198.51.100.120'];

describeWithTools('fail2banRegex')(
  'our fail2ban filter (ops/fail2ban/filter.d/placerace.conf)',
  () => {
    test('login: every failed operator login and lock, with its address and time; nothing else', async () => {
      const login = await fail2banRegex(sample('placerace.log'), `${ourFilter}[mode=login]`);
      expect(login).toMatchObject({ lines: 26, matched: 11, missed: 15 });
      expect(login.addresses).toEqual(LOGIN_ADDRESSES);
      // The date is pino's "time" in milliseconds, not the time of reading.
      expect(login.times[0]).toBeCloseTo(1796084594.974, 3);
    });

    test('flood: addresses refused for too many events or connections', async () => {
      const flood = await fail2banRegex(sample('placerace.log'), `${ourFilter}[mode=flood]`);
      expect(flood).toMatchObject({ lines: 26, matched: 2, missed: 24 });
      expect(flood.addresses).toEqual(FLOOD_ADDRESSES);
      expect(flood.times).toEqual([1796084601.077, 1796084601.081]);
    });

    test('origins: programs refused for a foreign or missing Origin, never a browser', async () => {
      const origins = await fail2banRegex(sample('placerace.log'), `${ourFilter}[mode=origins]`);
      expect(origins).toMatchObject({ lines: 26, matched: 2, missed: 24 });
      expect(origins.addresses).toEqual(ORIGIN_ADDRESSES);
      // The player's browser on a foreign page, and the forged text inside an Origin.
      expect(origins.addresses).not.toContain('203.0.113.150');
      expect(origins.addresses).not.toContain('192.0.2.99');
    });

    test('all (the default): the three, and none of the benign lines', async () => {
      const all = await fail2banRegex(sample('placerace.log'), ourFilter);
      expect(all).toMatchObject({ lines: 26, matched: 15, missed: 11 });
      expect([...all.addresses].sort()).toEqual(
        [...LOGIN_ADDRESSES, ...FLOOD_ADDRESSES, ...ORIGIN_ADDRESSES].sort(),
      );
      // The right password, the forged Origin header: their addresses are never taken.
      expect(all.addresses).not.toContain('198.51.100.23');
      expect(all.addresses).not.toContain('192.0.2.99');
    });

    test("a line as the journal hands it (host, identifier, pid; pino's time left in)", async () => {
      // fail2ban's systemd backend gives the entry's own time apart and the line
      // as "HOST IDENTIFIER[PID]: MESSAGE"; here a leading date stands in for it.
      const line =
        '2026-11-30T12:00:00 box placerace[4242]: {"level":30,"time":1796084594974,' +
        '"service":"placerace","node":"box-3001","ip":"203.0.113.7",' +
        '"msg":"operator login refused: wrong password"}';
      const journal = await fail2banRegex(line, ourFilter, ['-d', '^%Y-%m-%dT%H:%M:%S']);
      expect(journal).toMatchObject({ lines: 1, matched: 1, addresses: ['203.0.113.7'] });
    });

    test("nginx-botsearch (fail2ban's) on nginx's access log: the scanners, not the players", async () => {
      const bots = await fail2banRegex(sample('nginx-access.log'), 'nginx-botsearch');
      expect(bots).toMatchObject({ lines: 13, matched: 5, missed: 8 });
      expect(bots.addresses).toEqual([
        '203.0.113.90',
        '203.0.113.90',
        '203.0.113.91',
        '203.0.113.91',
        '2001:db8:77::5',
      ]);
    });

    test("nginx-limit-req (fail2ban's) on nginx's error log: refused requests only", async () => {
      const limited = await fail2banRegex(sample('nginx-error.log'), 'nginx-limit-req');
      expect(limited).toMatchObject({ lines: 5, matched: 2, missed: 3 });
      expect(limited.addresses).toEqual(['203.0.113.51', '203.0.113.51']);
    });
  },
);

describeWithTools('fail2banClient')(
  'the fail2ban jails (ops/fail2ban/jail.d/placerace.conf)',
  () => {
    /**
     * A copy of this machine's /etc/fail2ban with our filter and jails in it,
     * and none of the distribution's or the machine's own jails (jail.d/*,
     * jail.local: Debian's sshd jail wants /var/log/auth.log, which a machine
     * logging to the journal only does not have). nginx's log paths point at
     * empty files of our own (paths-overrides.local, which fail2ban reads last).
     */
    async function configDir(): Promise<{ dir: string; logs: string }> {
      const dir = await scratchDir('fail2ban');
      const logs = await scratchDir('nginx-logs');
      await cp('/etc/fail2ban', dir, { recursive: true });
      for (const stock of await readdir(join(dir, 'jail.d'))) await rm(join(dir, 'jail.d', stock));
      await rm(join(dir, 'jail.local'), { force: true });
      await cp(ourFilter, join(dir, 'filter.d', 'placerace.conf'));
      await cp(join(f2b, 'jail.d', 'placerace.conf'), join(dir, 'jail.d', 'placerace.conf'));
      await writeFile(join(logs, 'access.log'), '');
      await writeFile(join(logs, 'error.log'), '');
      await writeFile(
        join(dir, 'paths-overrides.local'),
        `[DEFAULT]\nnginx_access_log = ${logs}/access.log\nnginx_error_log = ${logs}/error.log\n`,
      );
      return { dir, logs };
    }

    test('fail2ban-client accepts them; the settings it would start the jails with', async () => {
      const { dir, logs } = await configDir();
      const client = tools.fail2banClient!;
      const checked = await run(client, ['-c', dir, '-t']);
      expect(checked.output).toContain('OK: configuration test is successful');
      expect(checked.code).toBe(0);

      // -d: the commands the server would be sent, one Python list a line.
      const dump = (await run(client, ['-c', dir, '-d'])).stdout.split('\n');
      const has = (...parts: string[]) =>
        dump.some((line) => line === `[${parts.map((p) => `'${p}'`).join(', ')}]`);
      const value = (jail: string, key: string) =>
        dump.find((line) => line.startsWith(`['set', '${jail}', '${key}', `));

      for (const jail of ['placerace-login', 'placerace-flood']) {
        expect(has('add', jail, 'systemd')).toBe(true);
        expect(has('start', jail)).toBe(true);
        expect(value(jail, 'addjournalmatch')).toBe(
          `['set', '${jail}', 'addjournalmatch', '_SYSTEMD_SLICE=system-placerace.slice', 'SYSLOG_IDENTIFIER=placerace']`,
        );
        expect(value(jail, 'datepattern')).toContain('{LEPOCH}');
      }
      expect(value('placerace-login', 'maxretry')).toMatch(/, 20\]$/);
      expect(value('placerace-login', 'findtime')).toMatch(/'1h'\]$/);
      expect(value('placerace-login', 'bantime')).toMatch(/'1d'\]$/);
      expect(value('placerace-login', 'addfailregex')).toContain('operator login');
      expect(value('placerace-login', 'addfailregex')).not.toContain('connections refused');
      expect(value('placerace-flood', 'maxretry')).toMatch(/, 5\]$/);
      expect(value('placerace-flood', 'addfailregex')).toContain('connections refused');
      expect(value('placerace-flood', 'addfailregex')).not.toContain('operator login');

      expect(has('start', 'nginx-botsearch')).toBe(true);
      expect(value('nginx-botsearch', 'addlogpath')).toContain(`${logs}/access.log`);
      // Off until ops/nginx.conf has a limit_req zone.
      expect(has('start', 'nginx-limit-req')).toBe(false);
      // Bans close the web ports only, so the operator keeps ssh.
      const ports = dump.filter((line) => line.includes("['port', "));
      expect(ports.length).toBeGreaterThanOrEqual(3);
      for (const line of ports) expect(line).toContain("['port', 'http,https']");
    });
  },
);

// ---------------------------------------------------------------- logrotate

describeWithTools('logrotate')('logrotate (ops/logrotate/placerace)', () => {
  /**
   * The configuration as shipped, pointed at a temporary directory: the paths
   * and the `su` user (placerace, who may not exist here) replaced, nothing
   * else. logrotate accepts it from its owner (root, or the user running it).
   */
  async function rotationSetup(name: string) {
    const dir = await scratchDir(name);
    const logs = join(dir, 'log');
    const lib = join(dir, 'lib');
    await mkdir(logs);
    await mkdir(lib);
    const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
    const shipped = readFileSync(join(ops, 'logrotate', 'placerace'), 'utf8');
    const config = shipped
      .replaceAll('/var/log/placerace/', `${logs}/`)
      .replaceAll('/var/lib/placerace/', `${lib}/`)
      .replaceAll('su placerace placerace', `su ${userInfo().username} ${group}`);
    expect(config.match(/^\s*su /gm)).toHaveLength(2);
    expect(config).not.toContain('/var/');
    const conf = join(dir, 'placerace.conf');
    await writeFile(conf, config, { mode: 0o644 });
    return { logs, lib, conf, state: join(dir, 'state') };
  }

  test('logrotate -d reads it and says what it would rotate, and changes nothing', async () => {
    const { logs, lib, conf, state } = await rotationSetup('logrotate-debug');
    await writeFile(join(logs, 'client-errors.log'), '{"msg":"client error"}\n');
    await writeFile(join(lib, 'hourly.csv'), 'hour,games_started\n');
    const debug = await run(tools.logrotate!, ['-d', '-f', '-s', state, conf]);
    expect(debug.code).toBe(0);
    expect(debug.output).not.toMatch(/^error:/m);
    expect(debug.output).toContain(`rotating pattern: ${logs}/*.log`);
    expect(debug.output).toContain(`rotating log ${logs}/client-errors.log`);
    expect(debug.output).toContain(`rotating log ${lib}/hourly.csv`);
    expect(await readdir(logs)).toEqual(['client-errors.log']);
    expect(await readdir(lib)).toEqual(['hourly.csv']);
  });

  test('a rotation: logs copied and emptied under a writer that keeps appending; the CSV renamed and compressed', async () => {
    const { logs, lib, conf, state } = await rotationSetup('logrotate-run');
    const csv = 'hour,games_started\n2026-11-28T03:00:00.000Z,12\n';
    await writeFile(join(lib, 'hourly.csv'), csv);
    await writeFile(join(logs, 'impossible.log'), '');
    // As the node holds it (pino's destination: opened once, for appending).
    const writer = await open(join(logs, 'client-errors.log'), 'a');
    try {
      await writer.write('{"msg":"before"}\n');
      const rotated = await run(tools.logrotate!, ['-f', '-s', state, conf]);
      expect(rotated.output).toBe('');
      expect(rotated.code).toBe(0);
      await writer.write('{"msg":"after"}\n');
    } finally {
      await writer.close();
    }
    expect((await readdir(logs)).sort()).toEqual([
      'client-errors.log',
      'client-errors.log.1',
      'impossible.log',
    ]);
    expect(await readFile(join(logs, 'client-errors.log.1'), 'utf8')).toBe('{"msg":"before"}\n');
    // Emptied in place: the writer's next line lands at the start, no hole before it.
    expect(await readFile(join(logs, 'client-errors.log'), 'utf8')).toBe('{"msg":"after"}\n');

    const archived = await readdir(lib);
    expect(archived).toEqual([expect.stringMatching(/^hourly-\d{4}-\d{2}\.csv\.gz$/)]);
    expect(gunzipSync(await readFile(join(lib, archived[0]!))).toString()).toBe(csv);
  });
});

describeWithTools('nginx')('the nginx site (ops/nginx.conf)', () => {
  test("nginx -t accepts it with this host's two files (server name, certificate)", async () => {
    // As on a server: the site in http {}, the host's files where the deploy
    // page puts them (here under a scratch directory), a real key pair.
    const dir = await scratchDir('nginx');
    const shared = join(dir, 'shared');
    await mkdir(join(shared, 'nginx'), { recursive: true });
    const made = await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=game.example.org',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    expect(made.code).toBe(0);
    await writeFile(join(shared, 'nginx', 'server-name.conf'), 'server_name game.example.org;\n');
    await writeFile(
      join(shared, 'nginx', 'tls.conf'),
      `ssl_certificate ${join(dir, 'cert.pem')};\nssl_certificate_key ${join(dir, 'key.pem')};\n`,
    );
    const site = (await readFile(join(ops, 'nginx.conf'), 'utf8')).replaceAll(
      '/srv/placerace/shared/',
      `${shared}/`,
    );
    await writeFile(join(dir, 'site.conf'), site);
    await writeFile(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\n` +
        `http {\n  access_log off;\n  include ${dir}/site.conf;\n}\n`,
    );
    const checked = await run(tools.nginx!, ['-t', '-c', join(dir, 'nginx.conf'), '-p', `${dir}/`]);
    expect(checked.output).toMatch(/test is successful/);
    expect(checked.code).toBe(0);
    // Without the host's files it is refused: nothing of the example host slips through.
    await rm(join(shared, 'nginx', 'tls.conf'));
    const refused = await run(tools.nginx!, ['-t', '-c', join(dir, 'nginx.conf'), '-p', `${dir}/`]);
    expect(refused.code).not.toBe(0);
  });
});
