/**
 * The operator's pages under /admin: login and logout, the dashboard (the
 * built client's admin.html, for a logged-in operator only), and the
 * hourly history and the daily visitor counts it draws. The live figures
 * come over the /admin socket.io namespace (live-namespace.ts), which asks
 * for the same session. Login and logout are taken from this site's own
 * pages only (origin-checks.ts).
 */
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { HourRow } from '../../protocol/admin.js';
import type { VisitorsReport } from '../../protocol/visits.js';
import type { Logger } from '../log.js';
import { sameOriginOnly } from '../origin-checks.js';
import type { OriginPolicy } from '../origins.js';
import { dashboardOffPage, loginPage } from './admin-pages.js';
import { SESSION_COOKIE, type AdminSessions } from './admin-sessions.js';
import { loginSource, type LoginGuard } from './login-guard.js';
import { loginHandler } from './login-route.js';
import { isOperator, sessionIdFrom } from './operator-session.js';
import type { UnlockCodes } from './unlock-codes.js';

/** What the dashboard reads of the hourly history. */
export interface HistoryReader {
  recent(days: number): Promise<HourRow[]>;
  csv(): Promise<string>;
}

/** What the dashboard reads of the daily visitor counts (server/visits/). */
export interface VisitorsReader {
  report(days: number): Promise<VisitorsReport>;
  csv(): Promise<string>;
}

export interface AdminRouterDeps {
  /** ADMIN_PASSWORD; the dashboard is off without one. */
  password: string | undefined;
  sessions: AdminSessions;
  guard: LoginGuard;
  /** The codes a lock writes to the log, which get the operator past it. */
  codes: UnlockCodes;
  /** Which pages may post the login and logout forms. */
  origins: OriginPolicy;
  /** Ends the sockets a session opened, on every node (operator-sockets.ts), at its logout. */
  endSockets?: (sessionId: string) => void;
  log: Logger;
  /** The built dashboard page (dist/client/admin.html). */
  dashboardFile: string;
  /** The hourly history, once the node is ready. */
  history: () => HistoryReader | undefined;
  /** The visitor counts, once the node is ready. */
  visitors?: () => VisitorsReader | undefined;
}

const MAX_HISTORY_DAYS = 90;
const MAX_VISITOR_DAYS = 366;

export function createAdminRouter(deps: AdminRouterDeps): express.Router {
  const router = express.Router();
  const { password, sessions, guard, codes, log } = deps;
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');
  // helmet's `no-referrer` makes a browser send `Origin: null` with a form's POST; this
  // keeps referrers on the site and lets the login and logout forms say where they come from.
  router.use((_req, res, next) => {
    res.set('Referrer-Policy', 'same-origin');
    next();
  });

  if (!password) {
    router.use((_req, res) => void noStore(res).status(404).type('html').send(dashboardOffPage()));
    return router;
  }

  const signedIn = (req: Request) => isOperator(sessions, req.get('cookie'));

  /** The dashboard for an operator, the login form for anyone else (with the code's field when locked out). */
  const dashboard = async (req: Request, res: Response) => {
    noStore(res);
    if (!(await signedIn(req))) {
      const verdict = await guard.verdict(loginSource(req.ip ?? 'unknown'));
      return void res.type('html').send(loginPage({ askCode: verdict.state === 'locked' }));
    }
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

  // Only this site's pages: a foreign page's post is refused before it counts toward a lock.
  const ownPagesOnly = sameOriginOnly(deps.origins, {
    unknown: 'refuse',
    refuse: (_req, res) => void res.type('html').send(loginPage({ problem: { kind: 'origin' } })),
    log,
  });

  router.post(
    '/login',
    ownPagesOnly,
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 }),
    loginHandler({ password, sessions, guard, codes, log }),
  );

  router.post('/logout', ownPagesOnly, async (req, res) => {
    const id = sessionIdFrom(req.get('cookie'));
    if (id) {
      await sessions.close(id);
      // Its dashboards and spectators stop now, on every node, not when they next reconnect.
      deps.endSockets?.(id);
      log.info({ ip: req.ip }, 'operator logged out');
    }
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

  router.get('/api/visitors', async (req, res) => {
    const visitors = deps.visitors?.();
    if (!visitors) return void res.status(503).json({ error: 'starting' });
    const days = Math.min(MAX_VISITOR_DAYS, Math.max(1, Math.floor(Number(req.query.days)) || 30));
    noStore(res).json(await visitors.report(days));
  });

  router.get('/visitors.csv', async (_req, res) => {
    const visitors = deps.visitors?.();
    if (!visitors) return void res.status(503).json({ error: 'starting' });
    noStore(res)
      .type('text/csv')
      .attachment('placerace-visitors.csv')
      .send(await visitors.csv());
  });

  router.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  return router;
}
