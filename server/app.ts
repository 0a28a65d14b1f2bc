import express, { type Express } from 'express';
import helmet from 'helmet';
import type { GameEnded } from '../protocol/types.js';
import type { LobbySummary } from './rooms/room-store.js';

/** What the HTTP routes need once the node is ready. */
export interface ReadyParts {
  publicRooms: () => Promise<LobbySummary[]>;
  loadGame: (id: string) => Promise<GameEnded | undefined>;
}

export interface AppDeps {
  /** The node's parts once it has started (database migrated, gazetteer imported); undefined before. */
  ready: () => ReadyParts | undefined;
}

const GAME_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The HTTP application, built from its parts and never listening itself:
 * server/main.ts starts it, tests build it with parts of their own.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());

  app.get('/healthz', (_req, res) => {
    if (deps.ready()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });

  app.get('/api/rooms', async (_req, res, next) => {
    const parts = deps.ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    try {
      res.set('Cache-Control', 'no-store').json({ rooms: await parts.publicRooms() });
    } catch (err) {
      next(err);
    }
  });

  app.get('/api/games/:id', async (req, res, next) => {
    const parts = deps.ready();
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

  return app;
}
