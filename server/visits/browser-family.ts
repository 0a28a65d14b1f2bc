/**
 * A User-Agent reduced at once to a browser family: the header itself is
 * never kept. bowser (MIT, kept up) knows the browsers and the crawlers
 * that say who they are; headless browsers and the generic words of
 * scripts and link previewers are ours to add.
 */
import Bowser from 'bowser';
import type { BrowserFamily } from '../../protocol/visits.js';

/**
 * Automated visitors bowser does not call bots: headless browsers, test
 * drivers, link previewers, and anything named a bot or a crawler ("bot"
 * as a word or before a version: "Cubot", a phone, stays a browser).
 */
const AUTOMATED =
  /headless|\bbot\b|bot\/|crawl|spider|slurp|scraper|preview|lighthouse|pagespeed|phantomjs|puppeteer|playwright|selenium/i;

/** bowser's names (its BROWSER_MAP) of the families we tell apart; any other is 'other'. */
const FAMILIES: Record<string, BrowserFamily> = {
  Chrome: 'Chrome',
  Chromium: 'Chrome',
  Firefox: 'Firefox',
  Safari: 'Safari',
  'Microsoft Edge': 'Edge',
  'Samsung Internet for Android': 'Samsung Internet',
  Opera: 'Opera',
};

/** Longer headers are not a browser's (real ones stay well under 500 characters). */
const MAX_USER_AGENT_CHARS = 1000;

/** The family of a browser; undefined for bots, scripts and requests without a User-Agent, which are not counted. */
export function browserFamily(userAgent: string | undefined): BrowserFamily | undefined {
  // Every browser's begins so; scripts' (curl, python-requests, okhttp) do not.
  if (!userAgent?.startsWith('Mozilla/') || userAgent.length > MAX_USER_AGENT_CHARS)
    return undefined;
  if (AUTOMATED.test(userAgent)) return undefined;
  const parser = Bowser.getParser(userAgent, true);
  if (parser.getPlatformType() === 'bot') return undefined;
  return FAMILIES[parser.getBrowserName()] ?? 'other';
}
