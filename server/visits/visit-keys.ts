/**
 * What a page-view beacon's referrer and width become before anything is
 * counted: a domain (never the URL, whose path and query can name a person)
 * and a screen class (never the exact width).
 */
import { DIRECT, OTHER, type ScreenClass } from '../../protocol/visits.js';

const PHONE_BELOW = 600;
const TABLET_BELOW = 1024;

export function screenClass(width: number): ScreenClass {
  return width < PHONE_BELOW ? 'phone' : width < TABLET_BELOW ? 'tablet' : 'desktop';
}

/** A domain as we count it: ASCII (URL gives international names in punycode), at most 100 characters. */
const DOMAIN = /^(?=.{1,100}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

const withoutWww = (host: string) => host.replace(/^www\./, '');

/**
 * The referring site of a visit's first view: `(direct)` when the browser
 * named no page, the domain of a web page (without `www.`), `(other)` for
 * what has no domain to show (an app's referrer, an address); undefined when
 * there is nothing to count: not a first view, or a page of this site.
 *
 * @param ownHosts the host names this game is served under
 */
export function referringSite(
  referrer: string | undefined,
  ownHosts: readonly string[],
): string | undefined {
  if (referrer === undefined) return undefined;
  if (referrer === '') return DIRECT;
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return OTHER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return OTHER;
  const host = withoutWww(url.hostname.toLowerCase());
  if (ownHosts.some((own) => withoutWww(own.toLowerCase()) === host)) return undefined;
  // An address may be someone's own machine: it is not a site to name.
  if (IPV4.test(host) || !DOMAIN.test(host)) return OTHER;
  return host;
}
