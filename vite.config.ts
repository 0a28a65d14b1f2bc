import { defineConfig } from 'vite';

/**
 * The browser client: built into dist/client, which the game server serves.
 * `npm run dev` runs Vite's dev server with reload, passing the API and
 * socket.io through to a game server on port 3000 (`npm start`).
 */
export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
