/**
 * What the browser suites share: the real server process on a data
 * directory, the game as a player drives it (create, join, guess), and the
 * pixels the page painted, read back as the player sees them.
 */
import type { ChildProcess } from 'node:child_process';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { eventually, freePort, spawnScript } from './processes.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The real server on a free port; `ready` waits for /healthz 200 (not wanted while it imports). */
export async function startServer(
  dataDir: string,
  options: { ready?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnScript('server/main.ts', [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  if (options.ready !== false) {
    await eventually(
      async () => ((await fetch(`${url}/healthz`)).status === 200 ? true : undefined),
      90_000,
      'the server',
    );
  }
  return { url, child, stop };
}

export async function guess(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Name a place');
  await field.fill(text);
  await field.press('Enter');
}

/** Creates a room from the home page; returns its code. */
export async function createRoom(
  page: Page,
  url: string,
  choice: { nickname: string; quiz: string; pick?: RegExp; mode?: string; public?: boolean },
): Promise<string> {
  await page.goto(url);
  await page.getByLabel('Nickname').fill(choice.nickname);
  const quiz = page.getByLabel('Quiz');
  await quiz.fill(choice.quiz);
  await page
    .getByRole('option', { name: choice.pick ?? new RegExp(`^${choice.quiz}`) })
    .first()
    .click();
  if (choice.mode) await page.getByLabel('Mode').selectOption(choice.mode);
  if (choice.public) await page.getByLabel('List the room publicly').check();
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[A-Z0-9]{6}$/);
  return page.url().slice(-6);
}

/** Joins a room by its link. */
export async function joinRoom(page: Page, url: string, code: string, nickname: string) {
  await page.goto(`${url}/r/${code}`);
  await page.getByLabel('Nickname').fill(nickname);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('list', { name: 'Players' }).waitFor();
}

/** How many pixels of a painted region lie near each of some colours. */
export interface PaintedColors {
  total: number;
  /** Per colour asked for: the pixels within the tolerance of it (per channel). */
  near: number[];
}

/**
 * The pixels of a region of the page as painted, counted by colour: a
 * screenshot, decoded and counted by the browser itself (no image library
 * here, and no megabytes of pixels sent back).
 */
export async function paintedColors(
  page: Page,
  clip: { x: number; y: number; width: number; height: number },
  colors: readonly string[],
  tolerance = 12,
): Promise<PaintedColors> {
  const png = (await page.screenshot({ clip })).toString('base64');
  const rgb = colors.map((c) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)));
  // Runs in the page (a string: this project's type check has no DOM).
  return page.evaluate(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png}';
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colors = ${JSON.stringify(rgb)};
    const near = colors.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      colors.forEach(([r, g, b], c) => {
        const close = Math.abs(data[i] - r) <= ${tolerance} && Math.abs(data[i + 1] - g) <= ${tolerance}
          && Math.abs(data[i + 2] - b) <= ${tolerance};
        if (close) near[c]++;
      });
    }
    return { total: data.length / 4, near };
  })()`);
}

/** The two themes and two sizes every screen is looked at in. */
export type Theme = 'light' | 'dark';
export type Size = 'desktop' | 'phone';

const SIZES: Record<Size, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
};

/** A browser context's options for a theme (the system's colour scheme) and a size. */
export const contextOptions = (theme: Theme, size: Size): BrowserContextOptions => ({
  ...SIZES[size],
  colorScheme: theme,
});

/**
 * Polls a JavaScript expression in the page until it is truthy. Not
 * `page.waitForFunction`: the page's Content-Security-Policy (no
 * 'unsafe-eval') stops its polling after the first try, while each
 * `page.evaluate` runs as the debugger's own script.
 */
export async function waitForTrue(
  page: Page,
  expression: string,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  await eventually(
    async () => ((await page.evaluate(expression)) ? true : undefined),
    timeoutMs,
    what,
  );
}

/**
 * The colour the page's background is painted in, as [r, g, b]: the body's,
 * or, when the body has none, the root element's that shows through it.
 */
export async function pageBackground(page: Page): Promise<[number, number, number]> {
  const css = await page.evaluate<string>(`(() => {
    const body = getComputedStyle(document.body).backgroundColor;
    const transparent = body === 'transparent' || /^rgba\\(.*,\\s*0\\)$/.test(body);
    return transparent ? getComputedStyle(document.documentElement).backgroundColor : body;
  })()`);
  const channels = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!channels) throw new Error(`unexpected background colour ${css}`);
  return [Number(channels[1]), Number(channels[2]), Number(channels[3])];
}

/** Relative luminance (WCAG) of an sRGB colour, 0 (black) to 1 (white). */
export function luminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}
