/**
 * A real browser for the console's tests (issue 14): Debian's Chromium driven by playwright-core. Playwright's
 * own browser download cannot be reached from our machines, so the tests find a system Chromium
 * (CASEFLOW_CHROMIUM, then the usual paths) and, when there is none and we may, install Debian's package.
 * Screenshots of each page go to docs/console/, refreshed by every run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../config/paths';

const candidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

function findChromium(): string | undefined {
  const named = process.env.CASEFLOW_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`CASEFLOW_CHROMIUM=${named}: no such file`);
    return named;
  }
  return candidates.find((path) => existsSync(path));
}

/** Installs Debian's chromium when we are root with apt (a fresh CI machine); says what to do otherwise. */
function installChromium(): string {
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'No Chromium for the console tests: install it (Debian: apt-get install chromium) or point ' +
        'CASEFLOW_CHROMIUM at a Chromium or Chrome binary',
    );
  }
  const quiet = { stdio: 'ignore' as const, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  execFileSync('apt-get', ['update'], quiet);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], quiet);
  const found = findChromium();
  if (!found) throw new Error('apt-get installed chromium, yet no chromium binary was found');
  return found;
}

let executablePath: string | undefined;

/** A headless Chromium; the caller closes it. */
export async function launchBrowser(): Promise<Browser> {
  executablePath ??= findChromium() ?? installChromium();
  return chromium.launch({
    executablePath,
    headless: true,
    // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser session (its own sessionStorage) in a language, optionally phone-sized. */
export async function newSession(
  browser: Browser,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
}

/** Signs in to the console at `url` with a token, and waits for the signed-in header. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel(/Access token|访问令牌/).fill(token);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await page.getByRole('button', { name: /Sign out|退出/ }).waitFor();
}

const shots = join(projectRoot, 'docs', 'console');

/** Keeps a screenshot of the page as docs/console/<name>.png (the docs show them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
