// The page's density, read in Debian's Chromium at 1440×900 and 390×844 (served as a static host serves it):
// - the result codes read as one table (code, status, message, what to do) where the page is wide, using both
//   columns, clear of the request samples; stacked into cards only where a table cannot fit (a phone);
// - code blocks show their whole width: they wrap, none is cut off at its edge;
// - every sidebar label is whole: the full heading it names, never cut off by its box.
// Screenshots of each in dist/screenshots/ for a person to look at. No fixed waits: each check waits for what it
// reads, then for two animation frames (the page's script fits tables as they render).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium.js';
import { type StaticHost, serveStatic } from './support/static-host.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SHOTS = `${DIST}screenshots/`;
const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true')
  console.log(`skipped: the density test needs Chromium at ${CHROMIUM}; CI=true makes this a failure`);

interface Bundle {
  info: { title: string; description: string };
  tags: { name: string; description?: string; 'x-traitTag'?: boolean }[];
  paths: Record<string, Record<string, { summary: string; operationId: string; tags?: string[] }>>;
}
const bundle = JSON.parse(
  readFileSync(fileURLToPath(import.meta.resolve('@store-api/spec/openapi.json')), 'utf8'),
) as Bundle;
const operations = Object.values(bundle.paths).flatMap((item) =>
  Object.values(item).filter((op) => typeof op.operationId === 'string'),
);

/** What the sidebar may name: the title, the overview's sections, the tags, the operations, the trait tags' sections. */
const plain = (heading: string) => heading.replace(/[`*]/g, '').replace(/\s+/g, ' ').trim();
const headings = new Set([
  plain(bundle.info.title),
  ...[...bundle.info.description.matchAll(/^# (.+)$/gm)].map((m) => plain(m[1] ?? '')),
  ...bundle.tags.map((tag) => plain(tag.name)),
  ...operations.map((op) => plain(op.summary)),
  ...bundle.tags.flatMap((tag) =>
    tag['x-traitTag'] ? [...(tag.description ?? '').matchAll(/^#{1,3} (.+)$/gm)].map((m) => plain(m[1] ?? '')) : [],
  ),
]);

let host: StaticHost | undefined;
let origin: string;
let browser: Browser;
beforeAll(async () => {
  if (!present) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  host = await serveStatic(DIST);
  origin = host.origin;
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

async function open(viewport: { width: number; height: number }, hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('.menu-content', { state: 'attached' });
  return page;
}

/** Until what moves has stopped (the sidebar's groups open and close with a transition), then two animation frames:
 * whatever the page's script does on the last change is laid out. */
function settle(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY);
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
    await new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  });
}

/** An operation's result-code table, once rendered: the table that says what to do on PARAM_ILLEGAL. */
function resultTable(page: Page) {
  return page
    .locator('#api-content table', { hasText: 'what to do' })
    .filter({ has: page.locator('td code', { hasText: /^PARAM_ILLEGAL$/ }) })
    .first();
}

describe.skipIf(!present && process.env.CI !== 'true').each([
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
])('at $width×$height', (viewport) => {
  const wide = viewport.width >= 1280; // Redoc's two-column layout

  it.each(operations.map((op) => [op.operationId, op] as const))(
    `%s: the result codes ${wide ? 'read as one table across both columns, clear of the samples' : 'are stacked, a card per code'}`,
    { timeout: 60_000 },
    async (_id, operation) => {
      const tag = (operation.tags?.[0] ?? '').toLowerCase().replace(/&/g, 'and').replace(/\s+/g, '-');
      const route = `${tag}/${operation.operationId.toLowerCase()}`;
      const page = await open(viewport, `#/${route}#/${route}/request/result-codes`);
      try {
        const table = resultTable(page);
        await table.waitFor();
        await table.scrollIntoViewIfNeeded();
        await settle(page);
        await page.screenshot({ path: `${SHOTS}${viewport.width}-density-${operation.operationId}-result-codes.png` });
        const shape = await table.evaluate((t) => {
          const box = t.getBoundingClientRect();
          const rows = [...t.querySelectorAll('tbody tr')];
          const cell = getComputedStyle(t.querySelector('td') ?? t);
          const lineHeight = Number.parseFloat(cell.lineHeight);
          const padding = Number.parseFloat(cell.paddingTop) + Number.parseFloat(cell.paddingBottom) + 1;
          const panel = t
            .closest('[data-testid="middle-panel"]')
            ?.parentElement?.querySelector('[data-testid="right-panel"]');
          const side = panel?.getBoundingClientRect();
          return {
            stacked: t.classList.contains('stacked'),
            columns: [...t.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim()),
            // A row of a real table: its cells side by side, on one line.
            sideBySide: rows.every((row) => {
              const tops = [...row.children].map((cell) => Math.round(cell.getBoundingClientRect().top));
              return tops.length === 4 && tops.every((top) => top === tops[0]);
            }),
            rows: rows.length,
            height: box.height,
            headerHeight: t.querySelector('thead')?.getBoundingClientRect().height ?? 0,
            lineHeight,
            padding,
            sideways: t.scrollWidth > t.clientWidth + 1,
            width: box.width,
            textColumn: t.closest('.md-table-wrapper')?.parentElement?.getBoundingClientRect().width ?? 0,
            // The samples beside or below: never over the table.
            overlapsSamples:
              side !== undefined &&
              side.width > 0 &&
              side.left < box.right &&
              side.right > box.left &&
              side.top < box.bottom &&
              side.bottom > box.top,
          };
        });
        expect(shape.columns).toEqual(['code', 'status', 'message', 'what to do']);
        expect(shape.sideways, 'scrolls sideways').toBe(false);
        if (wide) {
          expect(shape.stacked, 'stacked').toBe(false);
          expect(shape.sideBySide, "each row's cells side by side").toBe(true);
          expect(shape.overlapsSamples, 'under the samples').toBe(false);
          // Rows of at most four lines on average (and their padding): a table read at a glance, not a column of cards.
          const bound = shape.headerHeight + shape.rows * (4 * shape.lineHeight + shape.padding);
          expect(shape.height, `${shape.rows} codes in ${shape.height} px (bound ${bound})`).toBeLessThanOrEqual(bound);
          // Wider than Redoc's text column: it uses the samples' column too.
          expect(shape.width, 'width').toBeGreaterThan(viewport.width / 2);
        } else expect(shape.stacked, 'stacked').toBe(true);
      } finally {
        await page.close();
      }
    },
  );

  it('shows every code block whole: it wraps, none is cut off at its edge', { timeout: 60_000 }, async () => {
    const cut: string[] = [];
    for (const [name, hash, shows] of [
      ['string-to-sign', '#/section/signing-a-request', 'TEST_5X00000000000000.2023'],
      ...operations.map((op) => {
        const tag = (op.tags?.[0] ?? '').toLowerCase().replace(/&/g, 'and').replace(/\s+/g, '-');
        return [`${op.operationId}-sample`, `#/${tag}/${op.operationId.toLowerCase()}`, 'BASE_URL'] as const;
      }),
    ] as const) {
      const page = await open(viewport, hash);
      try {
        const block = page.locator('pre', { hasText: shows }).first();
        await block.waitFor();
        await block.scrollIntoViewIfNeeded();
        await settle(page);
        await page.screenshot({ path: `${SHOTS}${viewport.width}-density-${name}.png` });
        cut.push(
          ...(await page.evaluate(() =>
            [...document.querySelectorAll('pre')]
              .filter((pre) => pre.clientWidth > 0 && pre.scrollWidth > pre.clientWidth + 1)
              .map(
                (pre) =>
                  `${location.hash}: ${(pre.textContent ?? '').slice(0, 60)} (${pre.scrollWidth} > ${pre.clientWidth} px)`,
              ),
          )),
        );
      } finally {
        await page.close();
      }
    }
    expect(cut).toEqual([]);
  });

  it('names every sidebar entry whole: the full heading, within its box', { timeout: 60_000 }, async () => {
    const page = await open(viewport, '');
    try {
      const menu = page.locator('.menu-content');
      if (!wide) await page.getByRole('button', { name: /navigation menu/i }).click();
      await menu.locator('li[data-testid="menu-item-label"]').first().waitFor();
      // Every group opened, as a reader opens it (a click on its chevron), and its entries read once shown.
      const entries = menu.locator('li[data-testid="menu-item-label"]');
      const read = () =>
        entries.evaluateAll((items) =>
          items
            .filter((li) => li.clientWidth > 0)
            .map((li) => ({
              text: (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
              // The entry and every box inside it: none narrower than what it holds (a label cut off or ellipsed).
              cut: [li, ...li.querySelectorAll('*')].some(
                (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth,
              ),
            })),
        );
      const closed = '[data-component-name$="ChevronRightIcon"]';
      const groups = await entries.filter({ has: page.locator(closed) }).allTextContents();
      const seen = new Map((await read()).map((label) => [label.text, label]));
      for (const group of groups) {
        const entry = entries.filter({ hasText: group }).first();
        await entry.locator(closed).click();
        await entry.locator(closed).waitFor({ state: 'detached' });
        await settle(page);
        for (const label of await read()) seen.set(label.text, label);
        const slug = group.toLowerCase().replace(/\W+/g, '-');
        await menu.screenshot({ path: `${SHOTS}${viewport.width}-density-sidebar-${slug}.png` });
      }
      const labels = [...seen.values()];
      expect(labels.length).toBeGreaterThan(15);
      expect(labels.filter((label) => label.cut).map((label) => label.text)).toEqual([]);
      // An operation's entry ends in its method's badge.
      const names = labels.map((label) => label.text.replace(/ ?post$/i, ''));
      expect(names.filter((name) => !headings.has(name))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
