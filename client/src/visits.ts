/**
 * A page view told to the server (POST /api/visit), for the operator's
 * visitor counts: the route's pattern (never a room code or a game id), the
 * referrer on the first screen of a page load (the server keeps its domain),
 * and the window's width (kept as phone, tablet or desktop). No cookie, no
 * id. A browser that asks not to be tracked (Do Not Track, Global Privacy
 * Control) sends nothing; the server would count nothing from it anyway.
 */
import type { VisitBeacon, VisitPage } from '../../protocol/visits.js';

/** The route pattern of a path, as app.ts routes it (anything else shows the home page). */
export function visitPageOf(path: string): VisitPage {
  if (path.startsWith('/r/')) return '/r/:code';
  if (path.startsWith('/g/')) return '/g/:id';
  if (path === '/about') return '/about';
  if (path.startsWith('/stats/')) return '/stats/:scope';
  return '/';
}

const optedOut = () =>
  navigator.doNotTrack === '1' ||
  (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

let firstView = true;

/** Sends one beacon for a screen shown; never throws, never waits. */
export function countView(page: VisitPage): void {
  const beacon: VisitBeacon = { page, width: Math.round(window.innerWidth) };
  // The server's MAX_REFERRER_CHARS.
  if (firstView) beacon.referrer = document.referrer.slice(0, 2000);
  firstView = false;
  if (optedOut()) return;
  // keepalive: a view just before the page is left still counts. The request's own
  // referrer policy names the site in Origin (the page's no-referrer would send
  // `Origin: null`), and in Referer only the site, not the page's path.
  void fetch('/api/visit', {
    method: 'POST',
    keepalive: true,
    referrerPolicy: 'origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(beacon),
  }).catch(() => undefined);
}
