/**
 * The players' JSON API under /api: public rooms, quizzes and their
 * regions and maps, saved games, browsers' error reports and page views.
 * Each answers 503 `starting` until the node is ready; any other /api path
 * is not found.
 */
import { Router } from 'express';
import type { AppDeps } from './app.js';
import { GAME_ID } from './game-id.js';
import { createDailyRouter } from './daily/daily-router.js';
import { createMapRouter } from './maps/map-router.js';
import { gazetteerCatalog } from './maps/scope-maps.js';
import { createScopeNamesRouter } from './scope-names.js';

export function createApiRouter({
  ready,
  maps,
  clientErrors,
  visit,
}: Pick<AppDeps, 'ready' | 'maps' | 'clientErrors' | 'visit'>): Router {
  const router = Router();

  router.get('/api/rooms', async (_req, res, next) => {
    const parts = ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    try {
      const [rooms, total] = await Promise.all([parts.publicRooms(), parts.roomCount()]);
      res.set('Cache-Control', 'no-store').json({ rooms, total });
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/scopes', (_req, res) => {
    const parts = ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    res.set('Cache-Control', 'public, max-age=3600').json(parts.gazetteer.scopes);
  });
  router.use(createScopeNamesRouter(() => ready()?.gazetteer.scopes));

  router.get('/api/regions/:scope', (req, res) => {
    const gazetteer = ready()?.gazetteer;
    if (!gazetteer) return void res.status(503).json({ error: 'starting' });
    const scope = gazetteer.scope(req.params.scope);
    if (!scope) return void res.status(404).json({ error: 'not_found' });
    res.set('Cache-Control', 'public, max-age=3600').json(gazetteer.divisionsIn(scope));
  });

  router.use(
    createMapRouter(
      {
        ready: () => ready() !== undefined,
        ...gazetteerCatalog(
          () => ready()?.gazetteer,
          () => ready()?.names,
        ),
      },
      maps,
    ),
  );

  router.get('/api/games/:id', async (req, res, next) => {
    const parts = ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    if (!GAME_ID.test(req.params.id)) return void res.status(404).json({ error: 'not_found' });
    try {
      const game = await parts.loadGame(req.params.id);
      if (!game) return void res.status(404).json({ error: 'not_found' });
      res.json(game);
    } catch (err) {
      next(err);
    }
  });

  router.use(createDailyRouter(() => ready()?.daily));

  if (clientErrors) router.post('/api/client-errors', clientErrors);
  if (visit) router.post('/api/visit', visit);

  router.use('/api', (_req, res) => void res.status(404).json({ error: 'not_found' }));
  return router;
}
