/**
 * Builds the browser client (vite build → dist/client) unless the build is
 * newer than every source it comes from. `npm start` runs it first, so a
 * fresh clone serves the game and later starts stay quick.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'dist', 'client', 'index.html');
const sources = ['client', 'protocol', 'vite.config.ts', 'package-lock.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const stale =
  !existsSync(built) ||
  sources.some(
    (source) =>
      existsSync(join(root, source)) && newest(join(root, source)) > statSync(built).mtimeMs,
  );
if (stale) {
  console.error('Building the browser client…');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  process.exit(result.status ?? 1);
}
