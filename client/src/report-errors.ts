import type { ClientErrorReport } from '../../protocol/admin.js';

/** A broken page can throw in a loop: a few reports tell the operator as much as thousands. */
const MAX_REPORTS = 10;
/** The server's limits (server/admin/client-errors.ts). */
const MESSAGE_CHARS = 2000;
const STACK_CHARS = 8000;
const PAGE_CHARS = 500;

/**
 * Sends the page's uncaught errors and unhandled rejections to the server
 * (POST /api/client-errors), for the operator's dashboard: at most
 * MAX_REPORTS a page load, each message once. Reporting never throws: a
 * failure here must not add to the errors it reports.
 */
export function installErrorReporting(version: string): void {
  const sent = new Set<string>();

  const send = (kind: ClientErrorReport['kind'], reason: unknown, fallback?: string) => {
    try {
      const message = (describe(reason) || fallback || 'unknown error').slice(0, MESSAGE_CHARS);
      if (sent.size >= MAX_REPORTS || sent.has(message)) return;
      sent.add(message);
      const stack = reason instanceof Error ? reason.stack?.slice(0, STACK_CHARS) : undefined;
      const report: Omit<ClientErrorReport, 'at'> = {
        message,
        stack,
        page: location.pathname.slice(0, PAGE_CHARS),
        version,
        kind,
      };
      // keepalive: the report still goes when the error ends in the page being left.
      void fetch('/api/client-errors', {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(report),
      }).catch(() => undefined);
    } catch {
      // Nothing to be done: the report is lost.
    }
  };

  window.addEventListener('error', (event) => send('error', event.error, event.message));
  window.addEventListener('unhandledrejection', (event) =>
    send('unhandledrejection', event.reason),
  );
}

/** A readable message for whatever was thrown: not every throw is an Error. */
function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  if (typeof reason === 'string') return reason;
  if (reason === undefined) return '';
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}
