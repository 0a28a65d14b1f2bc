/**
 * What load balancers, orchestrators and Prometheus ask of a node:
 * GET /healthz (alive, or how far its start has come), GET /readyz (its
 * database and Redis answer) and GET /metrics (behind a bearer token when
 * one is set). A node started from a deployed release (ops/deploy/update)
 * names it in both health answers, so a deploy and its operator can tell
 * which release answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import type { AppDeps } from './app.js';
import { sameSecret } from './same-secret.js';

export function createMonitoringRouter({
  ready,
  starting,
  metrics,
}: Pick<AppDeps, 'ready' | 'starting' | 'metrics'>): Router {
  const router = Router();
  const release = releaseName();
  const named = release ? { release } : {};

  router.get('/healthz', (_req, res) => {
    if (ready()) return void res.json({ status: 'ok', ...named });
    const { stage, progress } = starting?.() ?? { stage: 'starting' };
    res
      .set('Cache-Control', 'no-store')
      .status(503)
      .json({ status: 'starting', stage, progress, ...named });
  });

  router.get('/readyz', async (_req, res) => {
    const parts = ready();
    if (!parts) return void res.status(503).json({ status: 'starting', ...named });
    const checks = await parts.readiness();
    const allReady = Object.values(checks).every(Boolean);
    res
      .status(allReady ? 200 : 503)
      .json({ status: allReady ? 'ready' : 'unavailable', checks, ...named });
  });

  if (metrics) {
    router.get('/metrics', async (req, res, next) => {
      if (metrics.token && !sameSecret(req.get('authorization') ?? '', `Bearer ${metrics.token}`)) {
        return void res.status(401).set('WWW-Authenticate', 'Bearer').end();
      }
      try {
        res
          .set('Content-Type', metrics.registry.contentType)
          .send(await metrics.registry.metrics());
      } catch (err) {
        next(err);
      }
    });
  }

  return router;
}

/**
 * The first line of the RELEASE file a deployed release carries in its
 * directory (the process's working directory: the unit's WorkingDirectory),
 * e.g. "v2026-12-01-T10-00-00 abc1234"; undefined in a checkout, which has none.
 */
export function releaseName(dir = process.cwd()): string | undefined {
  try {
    return readFileSync(join(dir, 'RELEASE'), 'utf8').split('\n')[0]!.trim() || undefined;
  } catch {
    return undefined;
  }
}
