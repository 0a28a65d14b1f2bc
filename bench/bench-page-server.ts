import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface BenchPageServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built benchmark page from `root` on 127.0.0.1 and passes
 * GET /api/maps/* through to the game server at `gameUrl`, so the page
 * fetches real outlines from its own origin as the game does.
 */
export async function serveBenchPage(root: string, gameUrl: string): Promise<BenchPageServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const reply = async () => {
      if (path.startsWith('/api/maps/')) {
        const upstream = await fetch(gameUrl + path);
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
        });
        return void res.end(Buffer.from(await upstream.arrayBuffer()));
      }
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep)) return void res.writeHead(403).end();
      const body = await readFile(file).catch(() => undefined);
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    };
    reply().catch((error: unknown) => {
      console.error('bench page server:', error);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
