import { Router } from 'express';
import { mapJson, ScopeMaps, type ScopeCatalog } from './scope-maps.js';

export interface MapRouterDeps extends ScopeCatalog {
  /** False while the gazetteer is still loading: the maps answer 503 `starting` until then. */
  ready?: () => boolean;
}

/** Outlines change only with a new release, so browsers and proxies may keep them a day. */
const CACHE_CONTROL = 'public, max-age=86400';

/**
 * If-None-Match as RFC 9110 §13.1.2 has an origin server evaluate it (weak
 * comparison). Express's `req.fresh` would not do here: it answers as a cache
 * and ignores the condition when the request also says `Cache-Control:
 * no-cache`, which fetch() adds to every conditional request it is given.
 */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * `GET /api/maps/:scope`: the outlines of a scope (see ScopeShapes) as JSON,
 * prepared once per scope and then sent from memory; 304 when the browser's
 * copy is current, 404 `not_found` for an unknown scope. Pass `maps` to share
 * a cache, e.g. one warmed at start.
 */
export function createMapRouter(deps: MapRouterDeps, maps = new ScopeMaps(deps)): Router {
  const router = Router();
  router.get('/api/maps/:scope', (req, res) => {
    if (deps.ready && !deps.ready()) return void res.status(503).json({ error: 'starting' });
    const map = maps.get(req.params.scope);
    if (!map) return void res.status(404).json({ error: 'not_found' });
    res.set({ 'Cache-Control': CACHE_CONTROL, ETag: map.etag });
    if (matchesEtag(req.get('If-None-Match'), map.etag)) return void res.status(304).end();
    res.type('application/json').vary('Accept-Encoding');
    // Gzipped once when prepared; the compression middleware leaves an encoded body alone.
    if (req.acceptsEncodings('gzip')) res.set('Content-Encoding', 'gzip').send(map.gzipped);
    else res.send(mapJson(map));
  });
  return router;
}
