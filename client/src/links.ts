/**
 * Same-origin links to paths the page routes itself open without a reload
 * (the page moves with history.pushState, so Back works). A click with a
 * modifier key, a link to another window or a download is the browser's.
 */
export function routeLinks(routes: (path: string) => boolean, open: (path: string) => void): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest?.('a');
    if (!link || link.origin !== location.origin || link.target || link.hasAttribute('download'))
      return;
    if (!routes(link.pathname)) return;
    event.preventDefault();
    open(link.pathname + link.search);
  });
}
