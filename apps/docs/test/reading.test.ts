// The page as a person reads it, at 1440×900 and 390×844 in Debian's Chromium: no axe violation of impact critical
// or serious, no identifier in a table cell broken inside a word, the repo's theme applied, and the downloads the
// page links to (the bundle in JSON and YAML, the signing test vector) served beside it. Screenshots of each view
// go to dist/screenshots/ for a person to look at (they are not asserted).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SHOTS = `${DIST}screenshots/`;
const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true')
  console.log(
    `skipped: the reading test needs Chromium at ${CHROMIUM} (apt-get install -y chromium); CI=true makes this a failure`,
  );

let server: Server;
let origin: string;
let browser: Browser;
beforeAll(async () => {
  if (!present) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  server = createServer((req, res) => {
    // A file beside the page, or else the page itself: Redoc routes by path (/d-store), as any static host that
    // falls back to index.html serves it.
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').slice(1);
    const name = /^[\w-]+\.[\w.]+$/.test(path) ? path : 'index.html';
    if (!existsSync(`${DIST}${name}`)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(`${DIST}${name}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

const VIEWS: readonly { name: string; tag?: string; operation?: string }[] = [
  { name: 'landing' },
  { name: 'syncStore', tag: 'D-Store', operation: 'Create a store, or open or close it' },
  { name: 'updateStore', tag: 'F&B mini program', operation: 'Edit or delete a store' },
];
describe.skipIf(!present && process.env.CI !== 'true').each([
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
])('at $width×$height', (viewport) => {
  it.each(VIEWS.map((v) => [v.name, v] as const))(
    '%s: no critical or serious axe violation, no identifier broken in a table cell',
    { timeout: 60_000 },
    async (_name, view) => {
      const page = await browser.newPage({ viewport });
      try {
        await page.route('**/*', (route) =>
          route.request().url().startsWith(origin) ? route.continue() : route.abort(),
        );
        await page.goto(`${origin}/`);
        await page.waitForSelector('.menu-content', { state: 'attached' });
        // Each operation is reached as a reader reaches it: its tag, then the operation, in the sidebar.
        const marker = view.operation === undefined ? 'open-sea-global.alipayplus.com' : 'PARAM_ILLEGAL';
        if (view.operation !== undefined) {
          if (viewport.width < 600)
            await page
              .getByRole('button', { name: /menu/i })
              .last()
              .click()
              .catch(() => undefined);
          await page
            .locator('.menu-content')
            .getByText(view.tag ?? '', { exact: true })
            .first()
            .click();
          await page.locator('.menu-content').getByText(view.operation, { exact: true }).first().click();
        }
        await page.waitForFunction(
          (text) => [...document.querySelectorAll('td code')].some((c) => c.textContent?.includes(text)),
          marker,
          { timeout: 20_000 },
        );
        await page.screenshot({ path: `${SHOTS}${viewport.width}-${view.name}.png` });
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const run = (
            window as unknown as {
              axe: {
                run(context: Document): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
              };
            }
          ).axe;
          const result = await run.run(document);
          return result.violations
            .filter((v) => v.impact === 'critical' || v.impact === 'serious')
            .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
        });
        expect(violations).toEqual([]);
        const broken = await page.evaluate(() =>
          [...document.querySelectorAll('td code, th code')]
            .filter((code) => code.getClientRects().length > 1 || code.scrollWidth > code.clientWidth + 1)
            .map((code) => code.textContent),
        );
        expect(broken).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it('applies the repo’s theme (links in its primary colour)', async () => {
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(`${origin}/`);
      const link = page.locator('a[href="signature-test-vector.json"]').first();
      await link.waitFor();
      expect(await link.evaluate((a) => getComputedStyle(a).color)).toBe('rgb(31, 95, 139)');
    } finally {
      await page.close();
    }
  });
});

describe.skipIf(!present && process.env.CI !== 'true')('downloads beside the page', () => {
  it.each(['openapi.json', 'openapi.yaml', 'signature-test-vector.json'])('serves %s', async (name) => {
    const response = await fetch(`${origin}/${name}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    if (name.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
    else expect(text).toMatch(/^openapi: 3\.1\.0/);
  });
});
