// The page as a person reads it, at 1440×900 and 390×844 in Debian's Chromium, served as a plain static host
// serves it (the files that exist, 404 for any other path):
// - each view (the landing, signing, both operations, both result tables, a business rule): no axe violation of
//   impact critical or serious, no identifier in a table cell broken inside a word, no table scrolling sideways,
//   nothing under the phone layout's menu button; a screenshot of each in dist/screenshots/ for a person to see;
// - every link on the page resolves when opened on its own (a new tab, a shared URL, file://), not only on a
//   left click inside the page;
// - every section in the sidebar is reached by scrolling from the top, without a click;
// - the repo's theme applied, and the downloads the page links to served beside it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium.js';
import { type StaticHost, serveStatic } from './support/static-host.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SHOTS = `${DIST}screenshots/`;
const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true')
  console.log(
    `skipped: the reading test needs Chromium at ${CHROMIUM} (apt-get install -y chromium); CI=true makes this a failure`,
  );

interface Bundle {
  info: { description: string };
  tags: { name: string; description?: string; 'x-traitTag'?: boolean }[];
  paths: Record<string, Record<string, { summary: string; tags?: string[] }>>;
}
const bundle = JSON.parse(
  readFileSync(fileURLToPath(import.meta.resolve('@store-api/spec/openapi.json')), 'utf8'),
) as Bundle;

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

async function open(viewport: { width: number; height: number }, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.route('**/*', (route) =>
    route.request().url().startsWith(origin) || route.request().url().startsWith('file:')
      ? route.continue()
      : route.abort(),
  );
  await page.goto(url);
  await page.waitForSelector('.menu-content', { state: 'attached' });
  return page;
}

/** Waits until the target of a `#/path#fragment` link is at the top of the view (its upper half). */
function targetInView(page: Page, hash: string): Promise<unknown> {
  return page.waitForFunction(
    (link) => {
      const [path = '', fragment] = link.slice(1).split('#');
      const id = decodeURIComponent(fragment ?? path);
      const target =
        document.getElementById(id) ??
        document.getElementById(`/${id}`) ??
        document.querySelector(`[data-section-id="${CSS.escape(decodeURIComponent(path))}"]`);
      if (target === null) return false;
      const top = target.getBoundingClientRect().top;
      return top > -4 && top < innerHeight / 2;
    },
    hash,
    { timeout: 15_000 },
  );
}

/**
 * Resolves once the page's DOM has not changed for `frames` animation frames in a row: Redoc renders what comes
 * into view on later frames, and a loaded machine draws fewer frames, so this waits on the page, not the clock.
 */
function settled(page: Page, frames: number): Promise<unknown> {
  return page.evaluate(
    (count) =>
      new Promise((resolve) => {
        let quiet = 0;
        const observer = new MutationObserver(() => {
          quiet = 0;
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        const tick = () => {
          quiet += 1;
          if (quiet < count) return requestAnimationFrame(tick);
          observer.disconnect();
          resolve(undefined);
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
}

/**
 * Scrolls with the mouse wheel, as a reader does, until the page stops moving: five turns in a row that move
 * nothing, each after the page has settled, so that sections rendered late (a loaded machine) still come.
 */
async function scrollToEnd(page: Page): Promise<void> {
  const height = page.viewportSize()?.height ?? 800;
  let last = -1;
  let still = 0;
  for (let turn = 0; turn < 800; turn++) {
    await page.mouse.wheel(0, height * 0.9);
    await settled(page, still === 0 ? 2 : 20);
    const y = await page.evaluate(() => scrollY);
    still = y === last ? still + 1 : 0;
    last = y;
    if (still >= 5) {
      if ((await page.evaluate(() => scrollY + innerHeight >= document.documentElement.scrollHeight - 2)) === true)
        return;
      still = 0;
    }
  }
  throw new Error('the page did not come to an end within 800 turns of the wheel');
}

const VIEWS: readonly { name: string; hash?: string; tag?: string; operation?: string }[] = [
  { name: 'landing' },
  { name: 'signing', hash: '#/section/signing-a-request' },
  { name: 'syncStore', tag: 'D-Store', operation: 'Create a store, or open or close it' },
  { name: 'updateStore', tag: 'F&B mini program', operation: 'Edit or delete a store' },
  { name: 'syncStore-result-codes', hash: '#/d-store/syncstore#/d-store/syncstore/request/result-codes' },
  {
    name: 'updateStore-result-codes',
    hash: '#/fandb-mini-program/updatestore#/fandb-mini-program/updatestore/request/result-codes',
  },
  { name: 'rule', hash: '#/business-rules/delivery_distance' },
];

describe.skipIf(!present && process.env.CI !== 'true').each([
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
])('at $width×$height', (viewport) => {
  it.each(VIEWS.map((v) => [v.name, v] as const))(
    '%s: no serious axe violation, no identifier broken, no table scrolling sideways, nothing under the menu button',
    { timeout: 60_000 },
    async (_name, view) => {
      const page = await open(viewport, `${origin}/${view.hash ?? ''}`);
      try {
        if (view.operation !== undefined) {
          // An operation is reached as a reader reaches it: its tag, then the operation, in the sidebar.
          if (viewport.width < 768) await page.getByRole('button', { name: /navigation menu/i }).click();
          await page
            .locator('.menu-content')
            .getByText(view.tag ?? '', { exact: true })
            .first()
            .click();
          await page.locator('.menu-content').getByText(view.operation, { exact: true }).first().click();
          await page.waitForFunction(
            () => [...document.querySelectorAll('td code')].some((c) => c.textContent === 'PARAM_ILLEGAL'),
            undefined,
            { timeout: 20_000 },
          );
        } else if (view.hash !== undefined) await targetInView(page, view.hash);
        else await page.getByText('open-sea-global.alipayplus.com').first().waitFor();
        await settled(page, 10);
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
        // Tables readable in place: none scrolls sideways (one too wide for its column is stacked, a card per row).
        const sideways = await page.evaluate(() =>
          [...document.querySelectorAll('#api-content table')]
            .filter((table) => table.clientWidth > 0 && table.scrollWidth > table.clientWidth + 1)
            .map((table) => (table.querySelector('th')?.textContent ?? '').trim()),
        );
        expect(sideways).toEqual([]);
        // The text a fixed button would cover: any visible line of the content under the button's box.
        const covered = await page.evaluate(() => {
          const button = document.querySelector('button[data-testid="floating-button"]');
          if (button === null || button.getClientRects().length === 0) return [];
          const box = button.getBoundingClientRect();
          return [...document.querySelectorAll('#api-content :is(p, li, h1, h2, h3, h4, td, th, pre, label)')]
            .filter((el) =>
              [...el.getClientRects()].some(
                (r) => r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom,
              ),
            )
            .filter((el) => {
              // A cell of a table that scrolls within itself is covered only where the table shows it.
              const clip = el.closest('table')?.getBoundingClientRect();
              return clip === undefined || clip.right > box.left;
            })
            .map((el) => `${el.tagName}: ${(el.textContent ?? '').slice(0, 40)}`);
        });
        expect(covered).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it('reaches every sidebar section by scrolling from the top, without a click', { timeout: 120_000 }, async () => {
    // What the sidebar lists, from the bundle: the overview's sections, every tag, every operation and the sections
    // of each trait tag's description.
    const plain = (heading: string) => heading.replace(/[`*]/g, '').trim();
    const headings = [
      ...[...bundle.info.description.matchAll(/^# (.+)$/gm)].map((m) => plain(m[1] ?? '')),
      ...bundle.tags.map((tag) => tag.name),
      ...Object.values(bundle.paths).flatMap((item) =>
        Object.values(item).flatMap((op) => (typeof op.summary === 'string' ? [op.summary] : [])),
      ),
      ...bundle.tags.flatMap((tag) =>
        tag['x-traitTag'] ? [...(tag.description ?? '').matchAll(/^#{1,3} (.+)$/gm)].map((m) => plain(m[1] ?? '')) : [],
      ),
    ];
    // And the last words of each trait tag's text: its section rendered to the end, not only its heading.
    const endings = bundle.tags
      .filter((tag) => tag['x-traitTag'])
      .map((tag) => {
        const lines = (tag.description ?? '').trim().split('\n');
        return plain(lines[lines.length - 1] ?? '').slice(-24);
      });
    const page = await open(viewport, `${origin}/`);
    try {
      await scrollToEnd(page);
      const missing = await page.evaluate(
        ({ headings, endings }) => {
          const norm = (text: string) => text.replace(/\s+/g, ' ').trim();
          const shown = new Set(
            [...document.querySelectorAll('#api-content :is(h1, h2, h3, h4, h5, h6)')].map((h) =>
              norm(h.textContent ?? ''),
            ),
          );
          const text = norm(document.getElementById('api-content')?.textContent ?? '');
          return [
            ...headings.filter((h) => !shown.has(norm(h))).map((h) => `heading: ${h}`),
            ...endings.filter((e) => !text.includes(norm(e))).map((e) => `text: …${e}`),
          ];
        },
        { headings, endings },
      );
      expect(missing).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('applies the repo’s theme (links in its primary colour)', async () => {
    const page = await open(viewport, `${origin}/`);
    try {
      const link = page.locator('a[href="signature-test-vector.json"]').first();
      await link.waitFor();
      expect(await link.evaluate((a) => getComputedStyle(a).color)).toBe('rgb(31, 95, 139)');
    } finally {
      await page.close();
    }
  });
});

describe.skipIf(!present && process.env.CI !== 'true')('links opened on their own', () => {
  let hrefs: string[] = [];
  beforeAll(async () => {
    const page = await open({ width: 1440, height: 900 }, `${origin}/`);
    try {
      await scrollToEnd(page);
      hrefs = await page.evaluate(() => [
        ...new Set(
          [...document.querySelectorAll('a[href]')]
            .filter((a) => a.checkVisibility())
            .map((a) => a.getAttribute('href') ?? ''),
        ),
      ]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('links only to its own sections and to files beside it', () => {
    expect(hrefs.length).toBeGreaterThan(50);
    expect(hrefs.filter((href) => !href.startsWith('#/') && !/^[\w-]+\.[\w.]+$/.test(href))).toEqual([]);
  });

  it('serves every file it links to', async () => {
    for (const href of hrefs.filter((h) => !h.startsWith('#'))) {
      const response = await fetch(`${origin}/${href}`);
      expect(response.status, href).toBe(200);
    }
  });

  it('has a target in the page for every section link', async () => {
    // The target the router scrolls to: the element whose id is the fragment after the route, or else the section
    // of the route itself (only a link to a section or an operation may fall back to it).
    const page = await open({ width: 1440, height: 900 }, `${origin}/`);
    try {
      await scrollToEnd(page);
      const untargeted = await page.evaluate(
        (links) =>
          links.filter((link) => {
            const [path = '', fragment] = link.slice(1).split('#');
            return fragment === undefined
              ? document.querySelector(`[data-section-id="${CSS.escape(decodeURIComponent(path))}"]`) === null
              : document.getElementById(decodeURIComponent(fragment)) === null;
          }),
        hrefs.filter((href) => href.startsWith('#/')),
      );
      expect(untargeted).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('opens a link of every kind in a new tab at its target', { timeout: 120_000 }, async () => {
    // A link's kind is its shape: how deep its route is, and what its fragment names (a heading, a field, an
    // example). The first and last link of each kind start from nothing, as a link pasted into a new tab does.
    const kinds = new Map<string, string[]>();
    for (const href of hrefs.filter((h) => h.startsWith('#/'))) {
      const [path = '', fragment] = href.slice(1).split('#');
      const kind = `${path.split('/').length}:${fragment === undefined ? '' : (/^\/|[a-z]+=/.exec(fragment)?.[0] ?? '#')}`;
      kinds.set(kind, [...(kinds.get(kind) ?? []), href]);
    }
    const sample = [...kinds.values()].flatMap((links) => [...new Set([links[0], links[links.length - 1]])]);
    expect(sample.length).toBeGreaterThanOrEqual(6);
    const dead: string[] = [];
    for (const href of sample) {
      if (href === undefined) continue;
      const page = await open({ width: 1440, height: 900 }, `${origin}/${href}`);
      await targetInView(page, href).catch(() => dead.push(href));
      await page.close();
    }
    expect(dead).toEqual([]);
  });

  it('resolves its links from file:// too (the page saved or opened from disk)', { timeout: 60_000 }, async () => {
    for (const href of ['#/section/hosts', '#/d-store/syncstore', '#/errata']) {
      const page = await open({ width: 1440, height: 900 }, `file://${DIST}index.html${href}`);
      try {
        await targetInView(page, href);
        // A heading's own link, clicked, stays in the page.
        const anchor = page.locator(`#api-content a[href^="${href}"]`).first();
        await anchor.click({ force: true });
        expect(page.url()).toContain(`file://${DIST}index.html#/`);
      } finally {
        await page.close();
      }
    }
  });
});

describe.skipIf(!present && process.env.CI !== 'true')('downloads beside the page', () => {
  it.each(['openapi.json', 'openapi.yaml', 'signature-test-vector.json', 'mock-admin-openapi.yaml'])(
    'serves %s',
    async (name) => {
      const response = await fetch(`${origin}/${name}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      if (name.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
      else expect(text).toMatch(/^openapi: 3\.1\.0/);
    },
  );
});
