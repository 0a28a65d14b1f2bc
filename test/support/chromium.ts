import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The browser suites: skipped without Chromium, unless the run requires every service (CI). */
export const describeBrowser =
  existsSync(CHROMIUM_PATH) || process.env.REQUIRE_SERVICES === '1' ? describe : describe.skip;

/** Where the browser suites leave their screenshots, to be looked at. */
export const E2E_SHOTS = join(process.cwd(), 'test-results', 'e2e');

/**
 * Headless Chromium as this machine runs it: no sandbox (root), no GPU
 * (WebGL through SwiftShader), and none of the background connections a
 * closed network would refuse. `extraArgs` go on its command line too
 * (`--host-resolver-rules=…` to reach the server under another name).
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
