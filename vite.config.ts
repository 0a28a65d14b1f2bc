import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./client/${name}`, import.meta.url));

/** The client reports its version with its errors (client/src/report-errors.ts). */
const packageFile = new URL('./package.json', import.meta.url);
const { version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string };

/**
 * The browser client: built into dist/client, which the game server serves.
 * Two pages: the players' game (index.html) and the operator's dashboard
 * (admin.html, served by the server at /admin once logged in); they share
 * chunks, and the game's first page carries nothing of the dashboard.
 * `npm run dev` runs Vite's dev server with reload, passing the API and
 * socket.io through to a game server on port 3000 (`npm start`).
 */
export default defineConfig({
  root: 'client',
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Built for the operator, who may serve them (SOURCE_MAPS=1) to read a
    // browser's error report; otherwise the server answers 404. The bundles
    // keep their sourceMappingURL comment: only DevTools follows it, so a
    // player never asks for a map, and a developer gets a harmless 404.
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: { input: { index: page('index.html'), admin: page('admin.html') } },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
