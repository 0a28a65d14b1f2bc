/**
 * Runs once before the suites: brings the shared test databases (PGlite
 * under data/test, and PostgreSQL at DATABASE_URL when set) up to date with
 * the real gazetteer, through the same `db:setup` command an operator runs,
 * and copies them for every Jest worker after the first (workers.js). Later
 * runs find the originals current and skip the import. It also builds the
 * browser client once, so that two workers never build it at the same time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyForWorkers, originalDataDir } from './workers.js';

function run(args, env = {}) {
  const result = spawnSync(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed for ${JSON.stringify(env)}`);
}

export default async function globalSetup(globalConfig) {
  const dataDir = originalDataDir(process.env, process.cwd());
  const setUp = join(process.cwd(), 'db', 'setup-cli.ts');
  run(['--import', 'tsx', setUp], { DATA_DIR: dataDir, DATABASE_URL: '' });
  if (process.env.DATABASE_URL) run(['--import', 'tsx', setUp], { DATA_DIR: dataDir });
  run([join(process.cwd(), 'scripts', 'ensure-client.js')]);
  await copyForWorkers(globalConfig.maxWorkers, dataDir, process.env.DATABASE_URL);
}
