/**
 * What load balancers, orchestrators and Prometheus ask of a node:
 * GET /healthz (alive, or how far its start has come), GET /readyz (its
 * database and Redis answer) and GET /metrics (behind a bearer token when
 * one is set).
 */
import { Router } from 'express';
import type { AppDeps } from './app.js';
import { sameSecret } from './same-secret.js';

export function createMonitoringRouter({
  ready,
  starting,
  metrics,
}: Pick<AppDeps, 'ready' | 'starting' | 'metrics'>): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    if (ready()) return void res.json({ status: 'ok' });
    const { stage, progress } = starting?.() ?? { stage: 'starting' };
    res.set('Cache-Control', 'no-store').status(503).json({ status: 'starting', stage, progress });
  });

  router.get('/readyz', async (_req, res) => {
    const parts = ready();
    if (!parts) return void res.status(503).json({ status: 'starting' });
    const checks = await parts.readiness();
    const allReady = Object.values(checks).every(Boolean);
    res.status(allReady ? 200 : 503).json({ status: allReady ? 'ready' : 'unavailable', checks });
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
