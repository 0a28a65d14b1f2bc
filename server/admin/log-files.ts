import { once } from 'node:events';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';

/** The operator's two file logs, kept apart from the main log on stdout. */
export interface LogFiles {
  /** Browsers' uncaught errors, one report a line: client-errors.log. */
  clientErrors: Logger;
  /** States the code holds can never happen: impossible.log. */
  impossible: Logger;
  /** Writes what is still buffered and closes both files; call it on shutdown. */
  close(): Promise<void>;
}

/**
 * Opens (creating `dir` if needed) and appends to client-errors.log and
 * impossible.log. Writes are asynchronous, so a slow disk never holds up a
 * request; what is still buffered at a crash is lost.
 */
export function openLogFiles(dir: string, log: Logger): LogFiles {
  const clientErrors = openLogFile(join(dir, 'client-errors.log'), log);
  const impossible = openLogFile(join(dir, 'impossible.log'), log);
  return {
    clientErrors: clientErrors.logger,
    impossible: impossible.logger,
    async close() {
      await Promise.all([clientErrors.close(), impossible.close()]);
    },
  };
}

function openLogFile(path: string, log: Logger) {
  const dest = pino.destination({ dest: path, mkdir: true, sync: false });
  let failed = false;
  let closing: Promise<void> | undefined;
  // Unhandled, a stream's 'error' would end the process: a log file that
  // cannot be opened or written must not take the node down. Said once: a
  // file that failed fails again on every line.
  dest.on('error', (err: Error) => {
    if (!failed) log.error({ err, file: path }, 'could not write a log file');
    failed = true;
  });
  const close = async () => {
    // A file that never opened has nothing to flush, and would wait for ever to open.
    if (failed) return;
    const closed = once(dest, 'close');
    dest.end();
    await closed.catch(() => undefined);
  };
  return {
    logger: pino({ level: 'info' }, dest),
    close: () => (closing ??= close()),
  };
}
