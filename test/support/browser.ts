import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const WEB = join(ROOT, 'web');
const BUILT = join(WEB, 'dist', 'index.html');

/** Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the portal (web/ → web/dist) when it is missing or older than its sources, so tests run what is there. */
export function ensurePortalBuilt(): void {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource(WEB)) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(WEB, 'vite.config.mts')],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}

/** Debian's Chromium, headless; one per spec file (each test gets its own context: its own cookies and storage). */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface PortalPage {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context on a phone-or-desktop viewport, with the clipboard allowed (Copy secret). */
export async function newPortalPage(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 900 },
): Promise<PortalPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the form, as a person does, and waits for the webhooks page. */
export async function signIn(page: Page, email: string, password: string, path = '/portal/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** How many CSS pixels the page is wider than the window (0 when nothing needs sideways scrolling). */
export const horizontalOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

export const clipboardText = (page: Page) => page.evaluate<string>('navigator.clipboard.readText()');
