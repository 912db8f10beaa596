// "Try it against the local mock" (src/console.ts), driven in Debian's Chromium as a reader drives it: the built page
// served from a local http origin (and opened from file://), a mock started here that verifies the published test
// client key's signatures, and the three outcomes a reader meets first: SUCCESS (answer shown, its signature
// verified), PARAM_ILLEGAL (after breaking a field: the message names it) and INVALID_SIGNATURE (after pasting
// another private key: the mock's diagnosis names the cause). The curl command shown must reproduce each answer,
// and no request the page makes may carry the private key.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockServer, startMock } from '@store-api/mock';
import { generateRsaKeyPair, toolsPresent } from '@store-api/test-support';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium.js';
import { type StaticHost, serveStatic } from './support/static-host.js';

const run = promisify(execFile);
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SHOTS = `${DIST}screenshots/`;
const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
const vector = JSON.parse(
  readFileSync(fileURLToPath(import.meta.resolve('@store-api/spec/test-vector/signature.json')), 'utf8'),
) as { publicTestKey: { privateKey: string; publicKey: string }; request: { clientId: string } };
const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true')
  console.log(
    `skipped: the console test needs Chromium at ${CHROMIUM} (apt-get install -y chromium); CI=true makes this a failure`,
  );
const curlPresent = toolsPresent(['bash', 'curl'], 'running the console’s curl commands', 'apt-get install -y curl');
/** A loaded 2-core machine: Redoc renders the page in seconds, a 2048-bit signature and an answer in well under. */
const SHOWN = 30_000;

let host: StaticHost | undefined;
let origin: string;
let browser: Browser;
/** Verifies the test client key's signatures; the default CORS (this machine's pages). */
let mock: MockServer;
/** The same, and also admits pages opened from a file (`--cors local,null`). */
let fileMock: MockServer;
beforeAll(async () => {
  if (!present) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  host = await serveStatic(DIST);
  origin = host.origin;
  mkdirSync(SHOTS, { recursive: true });
  const clients = { [vector.request.clientId]: vector.publicTestKey.publicKey };
  [mock, fileMock, browser] = await Promise.all([
    startMock({ clients }),
    startMock({ clients, cors: ['local', 'null'] }),
    launchChromium(),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([mock?.close(), fileMock?.close()]);
  await host?.close();
});

interface Opened {
  readonly page: Page;
  /** Every request the page made. */
  readonly sent: Request[];
}

/** The page at an operation, its console in view with the mock URL filled in. */
async function open(url: string, operationId: string, mockUrl: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const sent: Request[] = [];
  page.on('request', (request) => void sent.push(request));
  // Only the page's own origin (or file) and the mock: anything else is aborted, and fails the test below.
  await page.route('**/*', (route) => {
    const target = route.request().url();
    return target.startsWith(origin) || target.startsWith('file:') || target.startsWith(mockUrl)
      ? route.continue()
      : route.abort();
  });
  await page.goto(url);
  const panel = page.locator(`#try-${operationId}`);
  await panel.waitFor({ state: 'attached', timeout: SHOWN });
  await panel.scrollIntoViewIfNeeded({ timeout: SHOWN });
  await panel.getByLabel('Mock URL').fill(mockUrl);
  return { page, sent };
}

/** Clicks "Sign and send" and waits for the answer (or the refusal) to be shown. */
async function send(page: Page, operationId: string): Promise<void> {
  const result = page.locator(`#try-${operationId}-result`);
  await page.locator(`#try-${operationId}`).getByRole('button', { name: 'Sign and send' }).click();
  await result
    .locator('xpath=self::*[@data-state="answered" or @data-state="refused" or @data-state="unsigned"]')
    .waitFor({
      timeout: SHOWN,
    });
}

const text = (page: Page, operationId: string, selector: string) =>
  page.locator(`#try-${operationId}-result ${selector}`).innerText({ timeout: SHOWN });

/** Runs the curl command the console shows, and returns what curl printed (headers and body). */
async function runCurl(page: Page, operationId: string): Promise<string> {
  const command = await text(page, operationId, '.try-curl pre');
  return (await run('bash', ['-c', command])).stdout;
}

/** axe's critical and serious violations inside the consoles. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: {
        run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
      };
    };
    const result = await axe.run({ include: [...document.querySelectorAll('.try-console')].map((e) => [e]) });
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
  });
}

/** The private key's body, as it would appear in anything that carried it. */
const keyBody = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '').slice(40, 120);

/** No request the page made carries the key, in its URL, headers or body. */
async function keyNeverSent(sent: readonly Request[], pem: string): Promise<void> {
  const secret = keyBody(pem);
  for (const request of sent) {
    const url = request.url();
    const seen = `${url}\n${decodeURIComponent(url)}\n${JSON.stringify(await request.allHeaders())}\n${request.postData() ?? ''}`;
    expect(seen.replace(/\\n|\s/g, '')).not.toContain(secret);
  }
}

describe.skipIf(!present && process.env.CI !== 'true')('the console that signs', () => {
  it('sends the createStore example signed with the test key: SUCCESS, and the answer’s signature verifies', {
    timeout: 120_000,
  }, async () => {
    const { page, sent } = await open(`${origin}/#/d-store/syncstore`, 'syncStore', mock.url);
    try {
      const panel = page.locator('#try-syncStore');
      await panel.getByLabel('Example').selectOption('createStore');
      await send(page, 'syncStore');
      expect(await text(page, 'syncStore', '.try-outcome')).toBe('HTTP 200 · SUCCESS (S): success');
      expect(await text(page, 'syncStore', '.try-signature')).toBe(
        "The answer's signature verifies with the mock's platform key (its PUBLIC TEST KEY, built into this page).",
      );
      expect(await page.locator('#try-syncStore-result .try-signature').getAttribute('data-verified')).toBe('true');
      expect(JSON.parse(await text(page, 'syncStore', '.try-body pre'))).toEqual({
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      });
      // The mock saw a valid signature over the body the reader picked.
      const [request] = mock.requests({ operationId: 'syncStore' });
      expect(request?.signature).toMatchObject({ checked: true, valid: true });
      expect(request?.body).toMatchObject({ requestId: '20231220bsefibb334', store: { name: 'Store A' } });
      // Only the page and the one request to the mock (its preflight and the POST): nothing else, no key.
      const hosts = new Set(sent.map((r) => new URL(r.url()).origin));
      expect([...hosts].sort()).toEqual([mock.url, origin].sort());
      await keyNeverSent(sent, vector.publicTestKey.privateKey);
      if (curlPresent) {
        const replayed = await runCurl(page, 'syncStore');
        expect(replayed).toMatch(/^HTTP\/1\.1 200/);
        expect(replayed).toContain('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
      }
      expect(await axeViolations(page)).toEqual([]);
      await panel.screenshot({ path: `${SHOTS}console-success.png` });
    } finally {
      await page.close();
    }
  });

  it('answers PARAM_ILLEGAL naming the field once the reader breaks one in the body', {
    timeout: 120_000,
  }, async () => {
    const { page } = await open(`${origin}/#/d-store/syncstore`, 'syncStore', mock.url);
    try {
      const body = page.locator('#try-syncStore').getByLabel('Body (sent and signed exactly as written)');
      const shown = JSON.parse(await body.inputValue()) as { requestId: string; store: { status: string } };
      shown.requestId = 'console-param-illegal';
      shown.store.status = 'MAYBE';
      await body.fill(JSON.stringify(shown, null, 2));
      await send(page, 'syncStore');
      const outcome = await text(page, 'syncStore', '.try-outcome');
      expect(outcome).toMatch(/^HTTP 200 · PARAM_ILLEGAL \(F\): store\.status: /);
      expect(outcome).toContain('OPEN');
      expect(
        await text(
          page,
          'syncStore',
          '.try-block:has(> .try-label:text-is("What the mock found wrong (x-mock-violations)")) pre',
        ),
      ).toMatch(/^store\.status: /);
      expect(await page.locator('#try-syncStore-result .try-signature').getAttribute('data-verified')).toBe('true');
      expect(await page.locator('#try-syncStore-result .try-diagnosis').count()).toBe(0);
      if (curlPresent) expect(await runCurl(page, 'syncStore')).toContain('"resultCode":"PARAM_ILLEGAL"');
      await page.locator('#try-syncStore').screenshot({ path: `${SHOTS}console-param-illegal.png` });
      console.log(`PARAM_ILLEGAL shown: ${outcome}`);
    } finally {
      await page.close();
    }
  });

  it('answers INVALID_SIGNATURE with the mock’s diagnosis naming the key when the reader pastes another private key', {
    timeout: 120_000,
  }, async () => {
    const other = generateRsaKeyPair();
    const { page, sent } = await open(`${origin}/#/fandb-mini-program/updatestore`, 'updateStore', mock.url);
    try {
      const panel = page.locator('#try-updateStore');
      await panel.getByLabel('a private key I paste').check();
      await panel.getByLabel('Your private key (PKCS#8 PEM)').fill(other.privateKey);
      await send(page, 'updateStore');
      const outcome = await text(page, 'updateStore', '.try-outcome');
      expect(outcome).toMatch(/^HTTP 200 · INVALID_SIGNATURE \(F\): /);
      const diagnosis = await text(page, 'updateStore', '.try-diagnosis pre');
      expect(diagnosis).toMatch(/^cause: key\n/);
      expect(diagnosis).toContain('the public key it verified with: sha256:');
      expect(await text(page, 'updateStore', '.try-diagnosis .try-label')).toBe(
        "The mock's diagnosis (x-mock-diagnosis)",
      );
      // The refusal is signed like any answer.
      expect(await page.locator('#try-updateStore-result .try-signature').getAttribute('data-verified')).toBe('true');
      await keyNeverSent(sent, other.privateKey);
      if (curlPresent) {
        const replayed = await runCurl(page, 'updateStore');
        expect(replayed).toContain('"resultCode":"INVALID_SIGNATURE"');
        expect(replayed).toMatch(/x-mock-diagnosis: \{"cause":"key"/i);
      }
      expect(await axeViolations(page)).toEqual([]);
      await panel.screenshot({ path: `${SHOTS}console-invalid-signature.png` });
      console.log(`INVALID_SIGNATURE shown: ${outcome}\n${diagnosis.split('\n').slice(0, 2).join('\n')}`);
    } finally {
      await page.close();
    }
  });

  it('does not send with a pasted key that cannot sign, and says why', { timeout: 120_000 }, async () => {
    const { page, sent } = await open(`${origin}/#/d-store/syncstore`, 'syncStore', mock.url);
    try {
      const before = mock.requests().length;
      const panel = page.locator('#try-syncStore');
      await panel.getByLabel('a private key I paste').check();
      await panel.getByLabel('Your private key (PKCS#8 PEM)').fill(vector.publicTestKey.publicKey);
      await send(page, 'syncStore');
      expect(await text(page, 'syncStore', '.try-bad')).toMatch(
        /^Not sent: the key is not an RSA private key in PKCS#8 PEM/,
      );
      expect(sent.filter((r) => r.url().startsWith(mock.url))).toEqual([]);
      expect(mock.requests().length).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('works from file:// against a mock started with --cors local,null, and says so when the mock refuses it', {
    timeout: 120_000,
  }, async () => {
    const page = (await open(`file://${DIST}index.html#/d-store/syncstore`, 'syncStore', fileMock.url)).page;
    try {
      await expect(page.locator('#try-syncStore .try-note').innerText()).resolves.toContain('--cors local,null');
      await send(page, 'syncStore');
      expect(await text(page, 'syncStore', '.try-outcome')).toBe('HTTP 200 · SUCCESS (S): success');
      expect(await page.locator('#try-syncStore-result .try-signature').getAttribute('data-verified')).toBe('true');
      // The default mock refuses a file page: the reader is told how to start it.
      await page.locator('#try-syncStore').getByLabel('Mock URL').fill(mock.url);
      await send(page, 'syncStore');
      expect(await text(page, 'syncStore', '.try-bad')).toBe(
        `No answer from ${mock.url}: no mock is running there, or it refused this page's origin (null, a file page). Start the mock with --cors local,null to let pages opened from a file call it.`,
      );
      expect(mock.requests({ operationId: 'syncStore' }).some((r) => r.headers.origin === 'null')).toBe(false);
    } finally {
      await page.close();
    }
  });
});
