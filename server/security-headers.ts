/**
 * helmet's headers, with the two that only mean something over TLS sent
 * only over TLS. `upgrade-insecure-requests` makes a browser fetch the
 * page's scripts over https on any host but localhost: a node served over
 * plain HTTP (`HOST=0.0.0.0`, no proxy) would show an empty page. And
 * Strict-Transport-Security must not be sent over plain HTTP (RFC 6797
 * §7.2). "Over TLS" is `req.secure`: the connection itself, or a trusted
 * proxy's `X-Forwarded-Proto: https` (TRUST_PROXY).
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The client loads nothing from elsewhere; its socket goes to this origin. */
const DIRECTIVES = { 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'] };

export function securityHeaders(): RequestHandler {
  const overTls = helmet({ contentSecurityPolicy: { directives: DIRECTIVES } });
  const plain = helmet({
    contentSecurityPolicy: { directives: { ...DIRECTIVES, 'upgrade-insecure-requests': null } },
    strictTransportSecurity: false,
  });
  return (req, res, next) => (req.secure ? overTls : plain)(req, res, next);
}
