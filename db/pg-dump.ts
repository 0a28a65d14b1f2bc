import { spawn } from 'node:child_process';
import { DUMP_ARGS } from './data-dump.js';

/**
 * Runs PostgreSQL's own pg_dump on the database at `connectionString` and
 * returns its SQL. `PG_DUMP` names another binary: pg_dump must be at least
 * the server's major version (Debian installs it as /usr/bin/pg_dump with
 * the server; a newer server may need /usr/lib/postgresql/N/bin/pg_dump).
 */
export function pgDump(connectionString: string, binary = process.env.PG_DUMP || 'pg_dump') {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(binary, [`--dbname=${connectionString}`, ...DUMP_ARGS], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => reject(new Error(`could not run ${binary}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${binary} exited with ${code}: ${err.trim()}`));
    });
  });
}
