// Builds dist/index.html: the bundled contract rendered by Redoc, with Redoc's scripts inlined so the page
// loads nothing from any other host. The title and version come from the bundle's info.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const bundle = require.resolve('@store-api/spec/openapi.yaml');
const { info } = JSON.parse(readFileSync(require.resolve('@store-api/spec/openapi.json'), 'utf8')) as {
  info: { title: string; version: string };
};
const title = `${info.title} ${info.version} reference`;
const started = performance.now();
const { bin } = JSON.parse(readFileSync(require.resolve('@redocly/cli/package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
const redocly = new URL(bin.redocly ?? '', `file://${require.resolve('@redocly/cli/package.json')}`);
execFileSync(
  process.execPath,
  [
    redocly.pathname,
    'build-docs',
    bundle,
    '--inlineBundle',
    '--config',
    'redocly.yaml',
    '--title',
    title,
    '--output',
    'dist/index.html',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
);
// Logo-free branding.
const STYLE = 'a[href="https://redocly.com/redoc/"]{display:none}';
// Redoc hard-codes a sidebar attribution whose logo is an <img> on Redocly's CDN: the one request the inlined
// page would still make. An empty src makes none (the component then drops the image); the link is hidden.
const html = readFileSync('dist/index.html', 'utf8');
const offline = html
  .replaceAll(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, '')
  .replace('</head>', `<style>${STYLE}</style></head>`);
if (offline === html)
  throw new Error('docs: the Redoc attribution was not found; check the page for requests to other hosts');
writeFileSync('dist/index.html', offline);
// The downloads the page links to: the bundle in both formats, and the signing test vector.
copyFileSync(bundle, 'dist/openapi.yaml');
copyFileSync(require.resolve('@store-api/spec/openapi.json'), 'dist/openapi.json');
copyFileSync(require.resolve('@store-api/spec/test-vector/signature.json'), 'dist/signature-test-vector.json');
const size = statSync('dist/index.html').size;
console.log(
  `docs: dist/index.html, "${title}", ${(size / 1024).toFixed(0)} KiB, built in ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
