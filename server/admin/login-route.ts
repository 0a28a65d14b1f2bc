/**
 * POST /admin/login (the form of admin-pages.ts): the password, and while
 * the source is locked out, the unlock code from the server's log. The
 * origin was checked before (admin-router.ts): a foreign page's post never
 * gets here, so it counts toward no lock.
 */
import type { Request, Response } from 'express';
import type { Logger } from '../log.js';
import { sameSecret } from '../same-secret.js';
import { loginPage, type LoginProblem } from './admin-pages.js';
import { SESSION_COOKIE, SESSION_TTL_MS, type AdminSessions } from './admin-sessions.js';
import { loginSource, type LoginGuard } from './login-guard.js';
import { normaliseCode, type UnlockCodes } from './unlock-codes.js';

export interface LoginDeps {
  password: string;
  sessions: AdminSessions;
  guard: LoginGuard;
  codes: UnlockCodes;
  log: Logger;
}

const field = (req: Request, name: string) => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

export function loginHandler(deps: LoginDeps) {
  const { password, sessions, guard, codes, log } = deps;

  /** Counts a failure; the one that starts a lock issues the code that gets past it. */
  async function refuse(req: Request, res: Response, problem: LoginProblem, code?: string) {
    const ip = req.ip ?? 'unknown';
    const source = loginSource(ip);
    const { locked, seconds } = await guard.failed(source);
    if (locked) {
      const unlockCode = await codes.issue();
      log.warn(
        { ip, source, lock: locked, minutes: Math.ceil(seconds / 60), unlockCode },
        locked === 'source'
          ? 'operator login locked for this address after repeated wrong passwords; the operator gets in with unlockCode and the password'
          : 'operator login locked for everyone after wrong passwords from many addresses; the operator gets in with unlockCode and the password',
      );
      const page = loginPage({
        problem: { kind: 'locked', scope: locked, seconds },
        askCode: true,
      });
      return void res.status(429).send(page);
    }
    log.info(
      { ip },
      `operator login refused: ${problem.kind === 'wrong' ? 'wrong password' : 'wrong unlock code'}`,
    );
    res.status(401).send(loginPage({ problem, askCode: code !== undefined, code }));
  }

  async function logIn(req: Request, res: Response, unlocked: boolean) {
    const id = await sessions.open();
    res.cookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'strict',
      // Behind TLS (directly, or a proxy that says so with TRUST_PROXY): HTTPS only.
      secure: req.secure,
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
    log.info({ ip: req.ip, unlockCode: unlocked ? 'used' : undefined }, 'operator logged in');
    res.redirect(303, '/admin');
  }

  return async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').type('html');
    const source = loginSource(req.ip ?? 'unknown');
    const typedCode = field(req, 'code').trim();
    const code = typedCode ? normaliseCode(typedCode) : undefined;
    if (typedCode) {
      // A code gets past the lock and the delay; a wrong one is a failed guess like a password.
      if (!code || !(await codes.check(code))) return refuse(req, res, { kind: 'wrong-code' }, '');
    } else {
      const verdict = await guard.verdict(source);
      if (verdict.state === 'wait') {
        return void res
          .status(429)
          .send(loginPage({ problem: { kind: 'wait', seconds: verdict.seconds } }));
      }
      if (verdict.state === 'locked') {
        const { scope, seconds } = verdict;
        return void res
          .status(429)
          .send(loginPage({ problem: { kind: 'locked', scope, seconds }, askCode: true }));
      }
    }
    if (sameSecret(field(req, 'password'), password)) {
      // With a code, the source may still be an attacker's too (a shared NAT): its lock stays.
      if (code) await codes.redeem(code);
      else await guard.succeeded(source);
      return logIn(req, res, code !== undefined);
    }
    if (code) await codes.spend(code);
    return refuse(req, res, { kind: 'wrong' }, code);
  };
}
