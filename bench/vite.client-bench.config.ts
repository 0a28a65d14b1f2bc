import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The map benchmark's page (client/bench/map-bench.html), built apart from
 * the game into dist/client-bench so that the game's own build and its
 * output stay as they are. `npm run bench:client` builds it with this file.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../client', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/client-bench', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      input: fileURLToPath(new URL('../client/bench/map-bench.html', import.meta.url)),
    },
  },
});
