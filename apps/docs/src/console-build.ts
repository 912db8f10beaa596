// What src/build.ts adds to the page for "Try it against the local mock" (src/console.ts): its style, its data
// (each operation's named request examples from the bundle, the published test keys) and its script, bundled by
// esbuild with @store-api/signing. Everything is inlined: the page still loads nothing from any other host.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readOperations } from '@store-api/validator/contract';
import { build } from 'esbuild';
import type { ConsoleData } from './console.ts';

const require = createRequire(import.meta.url);

const STYLE = [
  '.try-console{border-top:1px solid var(--border-color-secondary,#d9d9de)}',
  '.try-form label,.try-form legend{display:block;margin:12px 0 4px;font-weight:600}',
  '.try-form fieldset{border:0;margin:0;padding:0}',
  '.try-form fieldset>div{display:flex;align-items:center;gap:6px}',
  '.try-form .try-pasted{display:block}',
  '.try-form .try-pasted>label{display:block;margin:8px 0 4px;font-weight:600}',
  '.try-console [hidden]{display:none!important}',
  '.try-form fieldset>div>label{display:inline;margin:4px 0;font-weight:400}',
  '.try-form input:not([type=radio]),.try-form select,.try-form textarea{box-sizing:border-box;width:100%;font:inherit;',
  'padding:6px 8px;border:1px solid #6b6b76;border-radius:4px;color:#1b1b1f;background:#fff}',
  '.try-form textarea{font-family:var(--font-family-monospaced,monospace);font-size:13px}',
  '.try-send{width:auto;margin:16px 0;padding:8px 18px;font:inherit;font-weight:600;color:#fff;background:#1f5f8b;border:0;',
  'border-radius:4px;cursor:pointer}',
  '.try-send:disabled{background:#5f606b;cursor:wait}',
  '.try-note{padding:8px 12px;border-left:4px solid #8a4a00;background:#fdf6ec}',
  '.try-answer{align-self:flex-start}',
  '.try-answer h4{margin:16px 0 8px}',
  '.try-result{color:#1b1b1f;overflow-wrap:anywhere}',
  '.try-result pre{margin:4px 0 12px;padding:10px;max-height:24em;overflow:auto;background:#f5f5f7;color:#1b1b1f;',
  'border-radius:4px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}',
  '.try-label{margin:12px 0 0;font-weight:600}',
  '.try-outcome{font-weight:600}',
  '.try-good{color:#1d6b2f}',
  '.try-bad{color:#a3231a}',
].join('');

/** The console's data, read from the bundle, the signing test vector and the mock's published platform key. */
async function consoleData(): Promise<ConsoleData> {
  const document: unknown = JSON.parse(readFileSync(require.resolve('@store-api/spec/openapi.json'), 'utf8'));
  const vector = JSON.parse(readFileSync(require.resolve('@store-api/spec/test-vector/signature.json'), 'utf8')) as {
    publicTestKey: { privateKey: string };
    request: { clientId: string };
  };
  // The public half is built in rather than fetched: the admin API (GET /__admin/platform-key) refuses web pages
  // by design. The module is the mock's own (not among its exports): a file URL beside its package.json.
  const { MOCK_PLATFORM_PUBLIC_KEY } = (await import(
    new URL('dist/platform-test-key.js', `file://${require.resolve('@store-api/mock/package.json')}`).href
  )) as { MOCK_PLATFORM_PUBLIC_KEY: string };
  const servers = (document as { servers?: { url: string; 'x-environment'?: string }[] }).servers ?? [];
  return {
    mockUrl: servers.find((s) => s['x-environment'] === 'local')?.url ?? 'http://127.0.0.1:4010',
    clientId: vector.request.clientId,
    testClientPrivateKey: vector.publicTestKey.privateKey,
    platformPublicKey: MOCK_PLATFORM_PUBLIC_KEY,
    operations: readOperations(document).map((operation) => ({
      operationId: operation.operationId,
      path: operation.path,
      examples: operation.request.examples.map((example) => ({
        name: example.name,
        summary: example.summary,
        body: JSON.stringify(example.value, null, 2),
      })),
    })),
  };
}

/** The style, data and script to put before the page's `</head>`. */
export async function consoleAssets(): Promise<string> {
  const bundled = await build({
    entryPoints: [new URL('console.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // @store-api/signing loads node:crypto only on Node; in a page it signs with WebCrypto.
    external: ['node:crypto'],
    logLevel: 'error',
  });
  const script = bundled.outputFiles[0]?.text ?? '';
  // JSON in a script element: `<` escaped, so no text in it can close the element.
  const data = JSON.stringify(await consoleData()).replaceAll('<', '\\u003c');
  return `<style>${STYLE}</style><script type="application/json" id="try-console-data">${data}</script><script>${script.replaceAll('</script', '<\\/script')}</script>`;
}
