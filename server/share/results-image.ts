import { renderAsync } from '@resvg/resvg-js';
import { LRUCache } from 'lru-cache';

/** Enough for a few hundred games' pictures (50–300 KB each); the rest are drawn again if asked. */
const CACHE_BYTES = 32 * 1024 * 1024;

/**
 * SVG to PNG with resvg. `renderAsync` rasterises on libuv's thread pool,
 * the largest part of the work (35–60 ms for a 2,000-find game), so that it
 * does not stall the sockets of the games being played; the PNG encoding
 * after it (`asPng`, 13–24 ms) is synchronous in resvg, which the cache
 * below pays once per game. No text is drawn, so no fonts are loaded.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false },
  });
  return image.asPng();
}

/**
 * Finished games' pictures, drawn on first request and kept in a bounded LRU
 * keyed by game id: a saved game never changes, and a link pasted into a
 * busy chat is fetched by many previewers at once. Concurrent requests for
 * one game share one render (lru-cache's fetch); unknown games are not kept.
 */
export class ResultsImages {
  private readonly cache: LRUCache<string, Buffer>;

  /** `draw` gives a game's SVG, or undefined when there is no such game. */
  constructor(draw: (gameId: string) => Promise<string | undefined>, maxBytes = CACHE_BYTES) {
    this.cache = new LRUCache<string, Buffer>({
      maxSize: maxBytes,
      sizeCalculation: (png) => png.length,
      fetchMethod: async (gameId) => {
        const svg = await draw(gameId);
        return svg === undefined ? undefined : renderPng(svg);
      },
    });
  }

  /** The game's PNG, or undefined for an unknown game. */
  png(gameId: string): Promise<Buffer | undefined> {
    return this.cache.fetch(gameId);
  }
}
