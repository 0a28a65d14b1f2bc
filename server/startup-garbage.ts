/**
 * One full collection once a node has started and prepared its maps, which
 * leaves some 45 MB of the heap (and so of RSS) to garbage. V8 gives it back
 * only when its memory reducer finds the process idle, some 25 s after
 * start, or later still when players arrive at once (issue 16: on
 * PostgreSQL, 5,000 players joining straight away found the node at
 * 308–319 MB with this collection, 335 MB without). `--expose-gc` cannot be
 * passed through every way the server is started (npm start, systemd, the
 * load tools), so the collector is asked for here, as node's own tests do.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function collectStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}
