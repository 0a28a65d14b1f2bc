/**
 * Runs once before the suites: brings the shared test databases (PGlite
 * under data/test, and PostgreSQL at DATABASE_URL when set) up to date with
 * the real gazetteer, through the same `db:setup` command an operator runs,
 * and copies them for every Jest worker after the first (workers.js). Later
 * runs find the originals current and skip the import. The two imports run
 * at once, one a core (in a fresh CI, PGlite's takes 17 s and PostgreSQL's
 * 11 s). It also builds the browser client once, so that two workers never
 * build it at the same time.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { copyForWorkers, originalDataDir } from './workers.js';

/** Runs node with `args`; resolves when it has succeeded, so that several can run at once. */
function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (status) =>
      status === 0
        ? resolve()
        : reject(new Error(`${args.join(' ')} failed for ${JSON.stringify(env)}`)),
    );
  });
}

export default async function globalSetup(globalConfig) {
  const dataDir = originalDataDir(process.env, process.cwd());
  const setUp = join(process.cwd(), 'db', 'setup-cli.ts');
  await Promise.all([
    run(['--import', 'tsx', setUp], { DATA_DIR: dataDir, DATABASE_URL: '' }),
    process.env.DATABASE_URL && run(['--import', 'tsx', setUp], { DATA_DIR: dataDir }),
  ]);
  await run([join(process.cwd(), 'scripts', 'ensure-client.js')]);
  await copyForWorkers(globalConfig.maxWorkers, dataDir, process.env.DATABASE_URL);
}
