/**
 * The operator's pages under /admin: login and logout, the dashboard (the
 * built client's admin.html, for a logged-in operator only) and the
 * history it draws. The live figures come over the /admin socket.io
 * namespace (live-namespace.ts), which asks for the same session.
 */
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { HourRow } from '../../protocol/admin.js';
import type { Logger } from '../log.js';
import { sameSecret } from '../same-secret.js';
import { dashboardOffPage, loginPage } from './admin-pages.js';
import { SESSION_COOKIE, SESSION_TTL_MS, type AdminSessions } from './admin-sessions.js';
import type { LoginGuard } from './login-guard.js';
import { isOperator, sessionIdFrom } from './operator-session.js';

/** What the dashboard reads of the hourly history. */
export interface HistoryReader {
  recent(days: number): Promise<HourRow[]>;
  csv(): Promise<string>;
}

export interface AdminRouterDeps {
  /** ADMIN_PASSWORD; the dashboard is off without one. */
  password: string | undefined;
  sessions: AdminSessions;
  guard: LoginGuard;
  log: Logger;
  /** The built dashboard page (dist/client/admin.html). */
  dashboardFile: string;
  /** The hourly history, once the node is ready. */
  history: () => HistoryReader | undefined;
}

const MAX_HISTORY_DAYS = 90;

export function createAdminRouter(deps: AdminRouterDeps): express.Router {
  const router = express.Router();
  const { password, sessions, guard, log } = deps;
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');

  if (!password) {
    router.use((_req, res) => void noStore(res).status(404).type('html').send(dashboardOffPage()));
    return router;
  }

  const signedIn = (req: Request) => isOperator(sessions, req.get('cookie'));

  /** The dashboard for an operator, the login form for anyone else. */
  const dashboard = async (req: Request, res: Response) => {
    noStore(res);
    if (!(await signedIn(req))) return void res.type('html').send(loginPage());
    if (!existsSync(deps.dashboardFile)) {
      return void res
        .status(503)
        .type('text')
        .send('The dashboard is not built: run `npm run build`.');
    }
    res.sendFile(deps.dashboardFile);
  };
  router.get('/', dashboard);
  router.get('/rooms/:code', dashboard);

  router.post(
    '/login',
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 }),
    async (req, res) => {
      noStore(res).type('html');
      const ip = req.ip ?? 'unknown';
      if ((await guard.lockedFor(ip)) > 0) {
        return void res.status(429).send(loginPage('locked'));
      }
      const given = (req.body as Record<string, unknown> | undefined)?.password;
      if (typeof given === 'string' && sameSecret(given, password)) {
        await guard.succeeded(ip);
        const id = await sessions.open();
        res.cookie(SESSION_COOKIE, id, {
          httpOnly: true,
          sameSite: 'strict',
          // Behind TLS (directly, or a proxy that says so with TRUST_PROXY): HTTPS only.
          secure: req.secure,
          path: '/',
          maxAge: SESSION_TTL_MS,
        });
        log.info({ ip }, 'operator logged in');
        return void res.redirect(303, '/admin');
      }
      if (await guard.failed(ip)) {
        log.warn({ ip }, 'operator login locked out after repeated wrong passwords');
        return void res.status(429).send(loginPage('locked'));
      }
      log.info({ ip }, 'operator login refused: wrong password');
      res.status(401).send(loginPage('wrong'));
    },
  );

  router.post('/logout', async (req, res) => {
    const id = sessionIdFrom(req.get('cookie'));
    if (id) await sessions.close(id);
    res.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
    });
    res.redirect(303, '/admin');
  });

  // Everything below is for a logged-in operator only.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    if (await signedIn(req)) return next();
    noStore(res).status(401).json({ error: 'unauthorized' });
  });

  router.get('/api/history', async (req, res) => {
    const history = deps.history();
    if (!history) return void res.status(503).json({ error: 'starting' });
    const days = Math.min(MAX_HISTORY_DAYS, Math.max(1, Number(req.query.days) || 14));
    noStore(res).json(await history.recent(days));
  });

  router.get('/history.csv', async (_req, res) => {
    const history = deps.history();
    if (!history) return void res.status(503).json({ error: 'starting' });
    noStore(res)
      .type('text/csv')
      .attachment('placerace-hourly.csv')
      .send(await history.csv());
  });

  router.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  return router;
}
