/** What a page-view beacon's headers and fields become before anything is counted. */
import { browserFamily } from '../server/visits/browser-family.js';
import { referringSite, screenClass } from '../server/visits/visit-keys.js';

const BROWSERS: [string, string][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    'Chrome',
  ],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    'Chrome',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
    'Chrome',
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0', 'Firefox'],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
    'Firefox',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'Safari',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
    'Edge',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
    'Samsung Internet',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0',
    'Opera',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36',
    'other',
  ],
  // A phone whose make ends in "bot" is a browser all the same.
  [
    'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    'Chrome',
  ],
];

const NOT_COUNTED = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/126.0.6478.126 Safari/537.36',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (compatible; SomeNewCrawler/0.1)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'curl/8.5.0',
  'python-requests/2.32.3',
  `Mozilla/5.0 ${'x'.repeat(2000)}`,
  '',
  undefined,
];

describe('browserFamily', () => {
  test('Chrome, Firefox, Safari, Edge, Samsung Internet, Opera on every platform; the rest are other', () => {
    expect(BROWSERS.map(([userAgent]) => browserFamily(userAgent))).toEqual(
      BROWSERS.map(([, family]) => family),
    );
  });

  test('bots, crawlers, headless browsers, scripts and no User-Agent are not counted', () => {
    expect(NOT_COUNTED.map(browserFamily)).toEqual(NOT_COUNTED.map(() => undefined));
  });
});

describe('referringSite', () => {
  const own = ['placerace.example', '127.0.0.1'];

  test('a web page: its domain, without www., its path and query dropped', () => {
    expect(referringSite('https://www.google.com/', own)).toBe('google.com');
    expect(referringSite('https://news.ycombinator.com/item?id=1&user=ann', own)).toBe(
      'news.ycombinator.com',
    );
    expect(referringSite('http://Blog.Example.ORG:8080/posts/ann-smith#top', own)).toBe(
      'blog.example.org',
    );
    expect(referringSite('https://bücher.example/', own)).toBe('xn--bcher-kva.example');
  });

  test('no referrer is (direct); not a first view counts nothing', () => {
    expect(referringSite('', own)).toBe('(direct)');
    expect(referringSite(undefined, own)).toBeUndefined();
  });

  test('a page of this site is no referring site', () => {
    expect(referringSite('https://placerace.example/r/ABCD', own)).toBeUndefined();
    expect(referringSite('https://www.placerace.example/', own)).toBeUndefined();
    expect(referringSite('http://127.0.0.1:3000/about', own)).toBeUndefined();
  });

  test('what has no domain to show is (other): apps, addresses, nonsense', () => {
    for (const referrer of [
      'android-app://com.google.android.gm/',
      'http://192.168.1.20/',
      'http://[2001:db8::1]/',
      'not a url',
      'javascript:alert(1)',
      `https://${'a'.repeat(120)}.example/`,
    ]) {
      expect([referrer, referringSite(referrer, own)]).toEqual([referrer, '(other)']);
    }
  });
});

test('screenClass: phone below 600 CSS px, tablet below 1024, desktop from there', () => {
  expect([0, 390, 599, 600, 1023, 1024, 2560].map(screenClass)).toEqual([
    'phone',
    'phone',
    'phone',
    'tablet',
    'tablet',
    'desktop',
    'desktop',
  ]);
});
