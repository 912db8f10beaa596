// No web page can change or read the mock, tried in a real browser (Debian's Chromium through playwright-core): a
// page on a second local origin (127.0.0.2, which the default CORS does not admit) sends fetch, no-cors and form
// POSTs, and a DNS-rebinding page (rebind.test resolved to 127.0.0.1) reads and writes "same-origin". The mock holds
// a script, stores and a journal entry first, so a reset or a new script would show.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toolsPresent } from '@store-api/test-support';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import { PATHS, post } from './support/http.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REBIND = 'rebind.test';
// Without Chromium this says it was skipped and how to enable it; under CI=true a missing one fails.
const run = toolsPresent(
  [CHROMIUM],
  'the browser attack test (packages/mock/test/browser-attack.test.ts)',
  'apt-get install -y chromium, or set CHROMIUM_PATH',
);

interface Attempt {
  readonly from: string;
  readonly what: string;
  /** What the page itself could see: a status, an opaque answer, or the error fetch threw. */
  readonly got: string;
  /** Whether the page read anything that looks like journal, store or script data. */
  readonly read: boolean;
  /** For a form: the iframe it was posted into (the test, not the page, reads what the mock answered there). */
  readonly frame?: string;
  /** For a form: what the mock answered into its iframe, read by the test with the browser's privileges. */
  readonly answered?: string;
}

/** The attacker's page: every attempt runs from its inline script, against `target` ('' = its own origin). */
function attackerPage(target: string, crossOrigin: boolean): string {
  const attack = (base: string, cross: boolean) => {
    const script = JSON.stringify({ operationId: 'syncStore', steps: ['PROCESS_FAIL'] });
    const sync = JSON.stringify({
      requestId: 'attack-1',
      posAccountId: 'attacker',
      store: { posStoreId: 'evil', name: 'Evil', status: 'OPEN' },
    });
    const looksLikeData = (text: string) => {
      try {
        const value = JSON.parse(text);
        return Array.isArray(value) || (typeof value === 'object' && value !== null && !('title' in value));
      } catch {
        return text.length > 0;
      }
    };
    // A refusal by its title and detail, an answer by what it holds.
    const summary = (text: string) => {
      try {
        const value = JSON.parse(text);
        if (Array.isArray(value)) return `a list of ${value.length}`;
        if (typeof value.title === 'string') return `${value.title}: ${value.detail}`;
        if (typeof value.result === 'object') return `resultCode ${value.result.resultCode}`;
      } catch {}
      return `${text.length} bytes`;
    };
    const viaFetch = async (what: string, path: string, init: RequestInit) => {
      try {
        const answer = await fetch(base + path, init);
        if (answer.type === 'opaque') return { what, got: 'opaque answer: status 0, body unreadable', read: false };
        const text = await answer.text();
        return { what, got: `${answer.status} ${summary(text)}`, read: answer.status < 300 && looksLikeData(text) };
      } catch (error) {
        return { what, got: `${(error as Error).name}: ${(error as Error).message}`, read: false };
      }
    };
    const viaForm = (what: string, path: string, enctype: string, fields: [string, string][]) =>
      new Promise<{ what: string; got: string; read: boolean; frame: string }>((resolve) => {
        const frame = document.createElement('iframe');
        frame.name = `f${document.querySelectorAll('iframe').length}`;
        document.body.append(frame);
        const form = document.createElement('form');
        Object.assign(form, { method: 'POST', action: base + path, enctype, target: frame.name });
        for (const [name, value] of fields) {
          const input = document.createElement('input');
          Object.assign(input, { type: 'hidden', name, value });
          form.append(input);
        }
        document.body.append(form);
        const timer = setTimeout(
          () => resolve({ what, got: 'no answer loaded in 10 s', read: false, frame: frame.name }),
          10_000,
        );
        frame.addEventListener(
          'load',
          () => {
            clearTimeout(timer);
            let inside: string | undefined;
            try {
              inside = frame.contentDocument?.body?.innerText;
            } catch {}
            resolve({
              what,
              got: inside === undefined ? 'loaded; the frame is unreadable from the page' : `read: ${inside}`,
              read: inside !== undefined && looksLikeData(inside),
              frame: frame.name,
            });
          },
          { once: true },
        );
        form.submit();
      });
    // A text/plain form sends `name=value`: a name ending in `"pad":"` and a value `"}` make the body JSON.
    const jsonForm = (json: string): [string, string][] => [[`${json.slice(0, -1)},"pad":"`, '"}']];
    const json = { 'content-type': 'application/json' };
    const plain = { 'content-type': 'text/plain' };
    return (async () => {
      const results = [
        await viaFetch('fetch POST /__admin/reset, JSON', '/__admin/reset', { method: 'POST', headers: json }),
        await viaFetch('fetch POST /__admin/scripts, JSON', '/__admin/scripts', {
          method: 'POST',
          headers: json,
          body: script,
        }),
        await viaFetch('fetch POST /v2/pos/syncStore, JSON', '/v2/pos/syncStore', {
          method: 'POST',
          headers: json,
          body: sync,
        }),
        await viaFetch('fetch GET /__admin/requests', '/__admin/requests', {}),
        await viaFetch('fetch GET /__admin/stores', '/__admin/stores', {}),
      ];
      if (cross)
        results.push(
          await viaFetch('no-cors POST /__admin/reset, text/plain', '/__admin/reset', {
            method: 'POST',
            mode: 'no-cors',
            headers: plain,
            body: '{}',
          }),
          await viaFetch('no-cors POST /__admin/scripts, text/plain', '/__admin/scripts', {
            method: 'POST',
            mode: 'no-cors',
            headers: plain,
            body: script,
          }),
          await viaFetch('no-cors POST /v2/pos/syncStore, text/plain', '/v2/pos/syncStore', {
            method: 'POST',
            mode: 'no-cors',
            headers: plain,
            body: sync,
          }),
          await viaFetch('no-cors GET /__admin/requests', '/__admin/requests', { mode: 'no-cors' }),
          await viaForm('form POST /__admin/reset, urlencoded', '/__admin/reset', 'application/x-www-form-urlencoded', [
            ['confirm', 'yes'],
          ]),
          await viaForm('form POST /__admin/scripts, text/plain', '/__admin/scripts', 'text/plain', jsonForm(script)),
          await viaForm('form POST /v2/pos/syncStore, text/plain', '/v2/pos/syncStore', 'text/plain', jsonForm(sync)),
        );
      Object.assign(window, { attempts: results });
    })();
  };
  return `<!doctype html><meta charset="utf-8"><title>attacker</title><body><script>(${attack.toString()})(${JSON.stringify(target)}, ${crossOrigin});</script></body>`;
}

/** Loads the page at `url` and waits (bounded by the test's timeout) for its attempts. */
async function attemptsOf(page: Page, url: string, from: string): Promise<Attempt[]> {
  await page.goto(url);
  await page.waitForFunction(() => 'attempts' in window, undefined, { timeout: 45_000 });
  const attempts = await page.evaluate(() => (window as unknown as { attempts: Omit<Attempt, 'from'>[] }).attempts);
  const answered: Attempt[] = [];
  for (const attempt of attempts)
    answered.push(
      attempt.frame === undefined
        ? { ...attempt, from }
        : { ...attempt, from, answered: await frameAnswer(page, attempt.frame) },
    );
  return answered;
}

/** What the mock answered into a form's iframe, read with the browser's privileges (the page cannot). */
async function frameAnswer(page: Page, name: string): Promise<string> {
  const frame = page.frame({ name });
  if (frame === null) return 'no frame';
  const text = await frame.evaluate(() => document.body?.innerText ?? '');
  try {
    const answer = JSON.parse(text) as { status?: number; title?: string; result?: { resultCode: string } };
    if (answer.title !== undefined) return `${answer.status} ${answer.title}`;
    if (answer.result !== undefined) return `resultCode ${answer.result.resultCode}`;
  } catch {}
  return text === '' ? `nothing (${frame.url()})` : text.slice(0, 80);
}

describe.skipIf(!run)('a web page against the mock, in Chromium', { timeout: 60_000 }, () => {
  let mock: MockServer;
  let attacker: Server;
  let browser: Browser;
  let crossPage: Page;
  let rebindPage: Page;
  let attackerOrigin: string;

  beforeAll(async () => {
    mock = await startMock();
    attacker = createServer((req, res) => {
      if (req.url !== '/attack.html') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackerPage(mock.url, true));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.2', resolve));
    attackerOrigin = `http://127.0.0.2:${(attacker.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--no-proxy-server',
        `--host-resolver-rules=MAP ${REBIND} 127.0.0.1`,
        // Chromium's Private Network Access keeps a page it counts as public (one page.route fulfils) off loopback;
        // off here, as in browsers without it, so the mock's own checks are what the rebinding page meets.
        '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
      ],
    });
    crossPage = await (await browser.newContext()).newPage();
    // The rebinding page: served "from" rebind.test:<mock port>, so its same-origin requests go to the mock. In a
    // context of its own: where page.route is on, Playwright answers CORS preflights itself, not the mock.
    rebindPage = await (await browser.newContext()).newPage();
    await rebindPage.route(`http://${REBIND}:${mock.port}/attack.html`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: attackerPage('', false) }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    await mock?.close();
  });

  it('changes nothing and reads nothing: no script, no reset, no store, no journal', async () => {
    mock.seedStore('seeded-store', { storeId: 'seeded-store', name: 'Seeded' });
    mock.script('updateStore', ['SUCCESS'], { match: { storeId: 'never-sent' } });
    const seeded = await post(mock.url, PATHS.syncStore, {
      requestId: 'seed-1',
      posAccountId: 'seed-account',
      store: { posStoreId: 'seed-pos', name: 'Seed', status: 'OPEN' },
    });
    expect(seeded.body.result.resultCode).toBe('SUCCESS');
    const before = { scripts: mock.scripts(), requests: mock.requests(), stores: mock.stores() };
    expect(before.requests).toHaveLength(1);

    const attempts = [
      ...(await attemptsOf(crossPage, `${attackerOrigin}/attack.html`, attackerOrigin)),
      ...(await attemptsOf(rebindPage, `http://${REBIND}:${mock.port}/attack.html`, `http://${REBIND}:${mock.port}`)),
    ];
    console.log(
      [
        '| what the page tried | from | what the page got |',
        '| --- | --- | --- |',
        ...attempts.map(
          (a) =>
            `| ${a.what} | ${a.from} | ${a.got}${a.answered === undefined ? '' : ` (the mock answered: ${a.answered})`} |`,
        ),
      ].join('\n'),
    );

    // Soft, so that a mutation shows every attempt that got through, not only the first.
    expect.soft(mock.scripts()).toEqual(before.scripts);
    expect.soft(mock.requests()).toEqual(before.requests);
    expect.soft(mock.stores()).toEqual(before.stores);
    expect.soft(mock.store('seeded-store')?.document).toEqual({ storeId: 'seeded-store', name: 'Seeded' });
    expect.soft(mock.store('attacker/evil')).toBeUndefined();
    expect.soft(mock.errors).toEqual([]);

    expect.soft(attempts.filter((attempt) => attempt.read)).toEqual([]);
    const rebinding = attempts.filter((attempt) => attempt.from.includes(REBIND));
    for (const attempt of rebinding) expect.soft(attempt.got).toMatch(/^403 (Host|Origin) not allowed: /);
    const rebindRead = rebinding.find((attempt) => attempt.what === 'fetch GET /__admin/requests');
    expect.soft(rebindRead?.got).toContain(`Host was "${REBIND}:${mock.port}"`);
    const cross = attempts.filter((attempt) => attempt.from === attackerOrigin);
    for (const attempt of cross)
      if (attempt.frame === undefined)
        expect.soft(attempt.got).toMatch(/^(TypeError: Failed to fetch|opaque answer: status 0, body unreadable)$/);
      else expect.soft(attempt.answered).toBe('403 Origin not allowed');
    const after = await post(mock.url, PATHS.syncStore, {
      requestId: 'after-1',
      posAccountId: 'seed-account',
      store: { posStoreId: 'seed-pos', name: 'Seed', status: 'CLOSED' },
    });
    expect(after.body.result.resultCode).toBe('SUCCESS');
  });
});
