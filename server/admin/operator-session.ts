import { parse } from 'cookie';
import { SESSION_COOKIE, type AdminSessions } from './admin-sessions.js';

/** The operator's session id from a Cookie header, if it carries one. */
export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const id = parse(cookieHeader)[SESSION_COOKIE];
  return id && id.length <= 100 ? id : undefined;
}

/** Whether a request (HTTP or a socket's handshake) comes from a logged-in operator. */
export async function isOperator(
  sessions: AdminSessions,
  cookieHeader: string | undefined,
): Promise<boolean> {
  const id = sessionIdFrom(cookieHeader);
  return id !== undefined && (await sessions.isOpen(id));
}
