import { pino, type Logger } from 'pino';

/** JSON logs on stdout, one line an event; see README.md for the levels we use. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'placerace' } });
}

export type { Logger };
