import { Router, type Request } from 'express';
import { shapesOf, type LoadedShapes } from '../../protocol/map-projection.js';
import type { ReadyParts } from '../app.js';
import { GAME_ID } from '../game-id.js';
import { mapJson, type ScopeMaps } from '../maps/scope-maps.js';
import { ResultsImages } from './results-image.js';
import { resultsSvg } from './results-svg.js';
import { indexPage, sharePage } from './share-page.js';
import { shareSummary } from './share-summary.js';

export interface ShareRouterDeps {
  /** The node's parts once it has started; undefined before. */
  ready: () => Pick<ReadyParts, 'loadGame' | 'gazetteer'> | undefined;
  /** The scopes' outlines, shared with GET /api/maps/:scope. */
  maps: ScopeMaps;
  /** The built client's index.html (dist/client/index.html). */
  indexFile: string;
}

/** A game's picture never changes: previewers and proxies may keep it for good. */
const IMAGE_CACHE_CONTROL = 'public, max-age=86400, immutable';
const NO_SHAPES: LoadedShapes = {
  shapes: { type: 'FeatureCollection', features: [] },
  center: null,
};

/** This server as the requester reached it (behind TRUST_PROXY proxies, as they say). */
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** A game's SVG from its saved results and its scope's outlines, or undefined for an unknown game. */
function drawGame(deps: ShareRouterDeps) {
  return async (gameId: string): Promise<string | undefined> => {
    const game = await deps.ready()?.loadGame(gameId);
    if (!game) return undefined;
    const map = deps.maps.get(game.results.settings.scope);
    return resultsSvg(game, map ? shapesOf(JSON.parse(mapJson(map))) : NO_SHAPES);
  };
}

/**
 * `GET /g/:id`: the client's page with the game's title and link-preview
 * tags (crawlers run no JavaScript); `GET /g/:id/map.png`: the results map
 * those tags point at. Mount before the client's catch-all, which serves
 * the page for any id this router leaves alone (or when the client is not built).
 */
export function createShareRouter(deps: ShareRouterDeps): Router {
  const router = Router();
  const index = indexPage(deps.indexFile);
  const images = new ResultsImages(drawGame(deps));

  router.get('/g/:id/map.png', async (req, res, next) => {
    if (!deps.ready()) return void res.status(503).json({ error: 'starting' });
    if (!GAME_ID.test(req.params.id)) return void res.status(404).json({ error: 'not_found' });
    try {
      const png = await images.png(req.params.id);
      if (!png) return void res.status(404).json({ error: 'not_found' });
      res.set({ 'Content-Type': 'image/png', 'Cache-Control': IMAGE_CACHE_CONTROL }).send(png);
    } catch (err) {
      next(err);
    }
  });

  router.get('/g/:id', async (req, res, next) => {
    const { id } = req.params;
    try {
      const html = GAME_ID.test(id) ? await index() : undefined;
      if (html === undefined) return next();
      res.set('Cache-Control', 'no-cache').type('html');
      const parts = deps.ready();
      // While starting, the client's page as it is: it asks for the game itself once the node serves.
      if (!parts) return void res.send(html);
      const game = await parts.loadGame(id);
      // The client says "No such game"; the status tells crawlers the same.
      if (!game) return void res.status(404).send(html);
      const quiz =
        parts.gazetteer.scope(game.results.settings.scope)?.name ?? game.results.settings.scope;
      const page = `${origin(req)}/g/${id}`;
      res.send(sharePage(html, shareSummary(game, quiz), { page, image: `${page}/map.png` }));
    } catch (err) {
      next(err);
    }
  });

  return router;
}
