import { readFile, stat } from 'node:fs/promises';
import { escapeMarkup } from './escape-markup.js';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from './results-svg.js';
import { SITE_NAME, type ShareSummary } from './share-summary.js';

/** Where the page and its picture are, as absolute URLs: previews are fetched from elsewhere. */
export interface ShareUrls {
  page: string;
  image: string;
}

/**
 * The client's index.html with a game's own title and link-preview tags in
 * its <head>. Crawlers run no JavaScript, so what a pasted link shows must be
 * in the HTML itself; the page is otherwise the same single-page client.
 * Replacements are functions, so a `$&` in a nickname is not a pattern.
 */
export function sharePage(index: string, summary: ShareSummary, urls: ShareUrls): string {
  const title = `<title>${escapeMarkup(summary.title)}</title>`;
  const withTitle = /<title>[\s\S]*?<\/title>/i.test(index)
    ? index.replace(/<title>[\s\S]*?<\/title>/i, () => title)
    : index.replace(/<\/head>/i, () => `${title}\n</head>`);
  // Indented as the children of an index.html <head> whose closing tag sits two spaces in.
  return withTitle.replace(/<\/head>/i, () => `  ${previewTags(summary, urls)}\n  </head>`);
}

function previewTags(summary: ShareSummary, urls: ShareUrls): string {
  const named: [string, string][] = [
    ['description', summary.description],
    ['twitter:card', 'summary_large_image'],
  ];
  const properties: [string, string][] = [
    ['og:type', 'website'],
    ['og:site_name', SITE_NAME],
    ['og:title', summary.headline],
    ['og:description', summary.description],
    ['og:url', urls.page],
    ['og:image', urls.image],
    ['og:image:type', 'image/png'],
    ['og:image:width', String(IMAGE_WIDTH)],
    ['og:image:height', String(IMAGE_HEIGHT)],
    ['og:image:alt', summary.imageAlt],
  ];
  const meta = (attribute: string, [key, content]: [string, string]) =>
    `<meta ${attribute}="${escapeMarkup(key)}" content="${escapeMarkup(content)}" />`;
  return [
    ...named.map((tag) => meta('name', tag)),
    ...properties.map((tag) => meta('property', tag)),
  ].join('\n    ');
}

/**
 * The built index.html, read once and kept while its file is unchanged: a
 * rebuild under a running server (new asset hashes) is picked up at the next
 * request, and a cheap async stat per request never blocks the event loop.
 * Undefined while the client is not built.
 */
export function indexPage(file: string): () => Promise<string | undefined> {
  let cached: { mtimeMs: number; html: string } | undefined;
  return async () => {
    try {
      const { mtimeMs } = await stat(file);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: await readFile(file, 'utf8') };
      return cached.html;
    } catch {
      return undefined;
    }
  };
}
