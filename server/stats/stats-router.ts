/**
 * "What people name": GET /api/stats/:scope (a quiz's report) and
 * GET /api/stats/:scope/shares?ids=1,2,3 (the shares of the places a player
 * named, for the results). 404 `not_found` for a scope the gazetteer does
 * not know, 400 `bad_request` for ids that are not a short list of ids.
 */
import { Router } from 'express';
import { ShareIdsQuery } from '../../protocol/naming-stats.js';
import type { NamingStatsService } from './naming-stats-service.js';

/** The figures change once an hour; a few minutes in a cache changes nothing a player notices. */
const CACHE_CONTROL = 'public, max-age=300';

export function createStatsRouter(stats: () => NamingStatsService | undefined): Router {
  const router = Router();

  router.get('/api/stats/:scope', async (req, res, next) => {
    const service = stats();
    if (!service) return void res.status(503).json({ error: 'starting' });
    try {
      const report = await service.report(req.params.scope);
      if (!report) return void res.status(404).json({ error: 'not_found' });
      res.set('Cache-Control', CACHE_CONTROL).json(report);
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/stats/:scope/shares', async (req, res, next) => {
    const service = stats();
    if (!service) return void res.status(503).json({ error: 'starting' });
    const query = ShareIdsQuery.safeParse(req.query);
    if (!query.success) return void res.status(400).json({ error: 'bad_request' });
    try {
      const shares = await service.shares(req.params.scope, query.data.ids);
      if (!shares) return void res.status(404).json({ error: 'not_found' });
      res.set('Cache-Control', CACHE_CONTROL).json(shares);
    } catch (err) {
      next(err);
    }
  });

  return router;
}
