import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../support/process';
import { removeDataDir, startServer, type TestServer } from '../../support/server';

/**
 * Real headless Chromium (Debian's package, driven by playwright-core) against a real server in
 * demo mode with the product diagrams and the built client.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1366, height: 768 };
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

export interface BrowserRig {
  server: TestServer;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function openRig(): Promise<BrowserRig> {
  const clientDir = process.env.CLIENT_OUT_DIR ?? path.join(PROJECT_ROOT, 'client', 'dist');
  const server = await startServer({ processesDir: path.join(PROJECT_ROOT, 'processes'), clientDir });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    server,
    browser,
    baseUrl: server.baseUrl,
    close: async () => {
      await browser.close();
      await server.stop();
      await removeDataDir(server.dataDir);
    },
  };
}

/** A fresh browser (own cookies) logged in as a demo user, on the worklist. */
export async function loginAs(rig: BrowserRig, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await rig.browser.newContext({ viewport: VIEWPORT, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  await page.goto(`${rig.baseUrl}/`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill('demo');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  return { context, page };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

const axeSource = (async () => readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))();

/** axe-core's WCAG 2.1 A/AA findings on the page that are serious or critical. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy (rightly) refuses
  // inline scripts, and the test must not weaken it.
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Saves a 1366x768 screenshot as a test artefact (test-artifacts/screenshots, not committed). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
