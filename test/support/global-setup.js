/**
 * Runs once before the suites: brings the shared test databases (PGlite
 * under data/test, and PostgreSQL at DATABASE_URL when set) up to date with
 * the real gazetteer, through the same `db:setup` command an operator runs.
 * Later runs find them current and skip the import.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function setUp(env) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(process.cwd(), 'db', 'setup-cli.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`db:setup failed for ${JSON.stringify(env)}`);
}

export default function globalSetup() {
  const dataDir = process.env.TEST_DATA_DIR || join(process.cwd(), 'data', 'test');
  setUp({ DATA_DIR: dataDir, DATABASE_URL: '' });
  if (process.env.DATABASE_URL) setUp({ DATA_DIR: dataDir });
}
