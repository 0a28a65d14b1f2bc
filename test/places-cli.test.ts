/**
 * The places command line, as other tools call it: a real process, JSON on
 * stdout and nothing else, errors on stderr. Runs on the test PGlite database.
 */
import { normaliseName } from '../db/gazetteer/normalise.js';
import { runScript } from './support/processes.js';
import { testDataDir } from './support/services.js';
import { IMPORTED_PLACES } from './support/gazetteer-size.js';

const env = { DATA_DIR: testDataDir, DATABASE_URL: '', REDIS_URL: '' };
const places = (args: string[], input?: string) =>
  runScript('server/places/cli.ts', args, { env, input });

const CANDIDATE_FIELDS = ['id', 'name', 'country', 'admin1', 'population', 'lat', 'lon'];

describe('places CLI', () => {
  test('resolve prints one JSON array of candidates in claim order', async () => {
    const { code, stdout } = await places(['resolve', 'US', 'Springfield']);
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    const candidates = JSON.parse(stdout) as Record<string, unknown>[];
    expect(candidates.length).toBeGreaterThan(20);
    for (const candidate of candidates) expect(Object.keys(candidate)).toEqual(CANDIDATE_FIELDS);
    expect(candidates[0]).toMatchObject({ id: 4409896, name: 'Springfield', admin1: 'MO' });
  });

  test.each([
    ['US', 'Brooklyn', (p: { name: string }) => p.name === 'Brooklyn'],
    ['world', 'Peking', (p: { name: string }) => p.name === 'Beijing'],
    ['world', 'Paris', (p: { name: string }) => normaliseName(p.name) === 'paris'],
  ])('resolve %s %s lists only what the text may claim', async (scope, text, claimable) => {
    const { code, stdout } = await places(['resolve', scope, text]);
    expect(code).toBe(0);
    const candidates = JSON.parse(stdout) as { name: string }[];
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every(claimable)).toBe(true);
  });

  test('resolve prints an empty array for a miss', async () => {
    const { code, stdout } = await places(['resolve', 'DE', 'Xyzzyburg']);
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
  });

  test('resolve refuses an unknown scope on stderr', async () => {
    const { code, stdout, stderr } = await places(['resolve', 'Atlantis', 'Berlin']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unknown_scope/);
  });

  test('resolve --stdin answers every line in order and survives bad ones', async () => {
    const lines = [
      JSON.stringify({ scope: 'DE', text: 'Köln' }),
      'not json',
      JSON.stringify({ scope: 'nowhere', text: 'Berlin' }),
      JSON.stringify({ scope: 'DE', text: '' }),
      JSON.stringify({ scope: 'DE', text: 'x'.repeat(1000) }),
      JSON.stringify({ scope: 'DE' }),
      '',
      JSON.stringify({ scope: 'world', text: 'Springfield, IL' }),
    ];
    const { code, stdout, stderr } = await places(['resolve', '--stdin'], lines.join('\n') + '\n');
    expect(code).toBe(0);
    const outputs = stdout.trimEnd().split('\n');
    expect(outputs).toHaveLength(lines.length);
    const parsed = outputs.map((line) => JSON.parse(line) as { name: string; admin1: string }[]);
    expect(parsed[0]![0]!.name).toBe('Köln');
    expect(parsed.slice(1, 7)).toEqual([[], [], [], [], [], []]);
    expect(parsed[7]).toHaveLength(1);
    expect(parsed[7]![0]!.admin1).toBe('IL');
    expect(stderr).toMatch(/line 2: bad_request/);
    expect(stderr).toMatch(/line 3: unknown_scope/);
    expect(stderr).toMatch(/line 4: empty_guess/);
    expect(stderr).toMatch(/line 5: guess_too_long/);
    expect(stderr).toMatch(/line 6: bad_request/);
    expect(stderr).toMatch(/line 7: bad_request/);
  });

  test('scopes prints every scope with its totals, world included', async () => {
    const { code, stdout } = await places(['scopes']);
    expect(code).toBe(0);
    const scopes = JSON.parse(stdout) as { id: string; kind: string; places: number }[];
    for (const scope of scopes) {
      const keys = ['id', 'name', 'kind', 'places', 'population'];
      // A region also names its country and GeoNames' code of its division (issue 19).
      if (scope.kind === 'region') keys.push('country', 'admin1');
      expect(Object.keys(scope)).toEqual(keys);
    }
    expect(scopes.find((s) => s.id === 'world')).toMatchObject({
      kind: 'world',
      places: IMPORTED_PLACES,
    });
    expect(scopes.find((s) => s.id === 'europe')?.kind).toBe('continent');
    expect(scopes.find((s) => s.id === 'DE')).toMatchObject({ name: 'Germany', kind: 'country' });
  });

  test('an unknown command prints the usage and fails', async () => {
    const { code, stderr } = await places(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: places resolve/);
  });
});
