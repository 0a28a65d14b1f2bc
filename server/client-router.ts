/**
 * The built browser client (`npm run build`, run by `npm start`): hashed
 * assets cached for good, pages always fresh, source maps only when asked
 * for. Mounted last but for the error handler: every path nothing else
 * answered that names a page of the client gets its index.html.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, Router } from 'express';
import { isClientPage } from './client-pages.js';

const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));

/** `sourceMaps`: serve /assets/*.map; 404 otherwise, as they carry the client's source. */
export function createClientRouter({ sourceMaps }: { sourceMaps?: boolean }): Router {
  const router = Router();
  const notFound = (_req: Request, res: Response) =>
    void res.status(404).json({ error: 'not_found' });
  if (!sourceMaps) router.get(/\.map$/i, notFound);
  router.use(
    '/assets',
    express.static(`${CLIENT_DIR}assets`, { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  // The dashboard's page is served by /admin, to an operator only.
  router.get('/admin.html', (_req, res) => void res.redirect(303, '/admin'));
  router.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h' }));
  // Every other path is a page of the client (/r/CODE, /g/ID, /about): it routes itself;
  // a path naming a file that is not there (/x.php, /favicon.ico, /.env) is not found.
  router.get(/^\/(?!socket\.io\/).*/, (req, res) => {
    if (!isClientPage(req.path)) return notFound(req, res);
    const index = `${CLIENT_DIR}index.html`;
    if (!existsSync(index)) {
      return void res
        .status(503)
        .type('text')
        .send('The browser client is not built: run `npm run build`.');
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
