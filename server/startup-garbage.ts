/**
 * One full collection once a node has started and prepared its maps, which
 * leaves some 45 MB of the heap (and so of RSS) to garbage, besides what the
 * modules' loading left. V8 gives it back only when its
 * memory reducer finds the process idle, some 25 s after start, or never
 * when players arrive at once: on PostgreSQL, a node that 5,000 players
 * joined straight away held 300–335 MB where the same node collected first
 * holds about 70 MB less (issue 16). `--expose-gc` cannot be passed through
 * every way the server is started (npm start, systemd, the load tools), so
 * the collector is asked for here, as node's own tests do.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function collectStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}
