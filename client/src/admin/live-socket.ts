/**
 * The dashboard's connection to the `/admin` namespace. The operator's
 * session cookie goes with the handshake; when it has expired the server
 * refuses with `unauthorized`, and a reload brings the login page. A logout
 * (in this tab or another) disconnects it from the server's side: reload too.
 */
import { io, type Socket } from 'socket.io-client';
import {
  ADMIN_NAMESPACE,
  type AdminClientToServer,
  type AdminServerToClient,
} from '../../../protocol/admin.js';

export type AdminSocket = Socket<AdminServerToClient, AdminClientToServer>;

export function connectLive(): AdminSocket {
  const socket: AdminSocket = io(ADMIN_NAMESPACE, { transports: ['websocket', 'polling'] });
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    if (error.data?.code === 'unauthorized') location.reload();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') location.reload();
  });
  return socket;
}

/** Whether an HTTP answer says the session has ended (then the page reloads into the login). */
export function sessionEnded(response: Response): boolean {
  if (response.status !== 401) return false;
  location.reload();
  return true;
}
