import express, { type Express } from 'express';

export interface AppDeps {
  /** Whether the node has finished starting (database migrated, gazetteer imported). */
  isReady: () => boolean;
}

/**
 * The HTTP application, built from its parts and never listening itself:
 * server/main.ts starts it, tests build it with parts of their own.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    if (deps.isReady()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });

  return app;
}
