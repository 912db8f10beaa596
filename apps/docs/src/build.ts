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
// The theme, as Redoc 3 reads it (CSS variables; it ignores redocly.yaml's legacy `theme` options), logo-free
// branding, and readability: links and placeholder text at 4.5:1 contrast or better (axe), identifiers in table
// cells never broken mid-word, and wide tables scrolling within themselves rather than the page on a phone.
const STYLE = [
  ':root{--color-primary-base:#1f5f8b!important;--link-color-primary:#1f5f8b!important;--link-color-primary-hover:#16476a!important;',
  '--input-content-placeholder-color:#5f606b!important;--text-color-disabled:#5f606b!important;',
  '--font-family-base:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;',
  '--font-family-monospaced:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace!important}',
  'a[href="https://redocly.com/redoc/"]{display:none}',
  'td code,th code{white-space:nowrap;word-break:keep-all;overflow-wrap:normal}',
  'table{display:block;max-width:100%;overflow-x:auto}',
  // Syntax colours at 4.5:1 or better on white (Redoc's are 2.89:1 orange and 4.45:1 blue), and the POST badge.
  '.th-token.th-variable,.th-token.th-command,.th-token.th-keyword{color:#8a4a00!important}',
  '.th-token.th-string,.token.string{color:#1d4f9e!important}',
  '.tag-http.tag-post,.tag-http.tag-post *{--tag-color:#1a55c8!important;color:#1a55c8!important}',
].join('');
// Code blocks scroll, so a keyboard must be able to reach them (axe: scrollable-region-focusable).
// A dropdown labelled "Example" that shows "Create a new store" must have an accessible name containing what it
// shows (axe: label-content-name-mismatch): its name becomes "Example: Create a new store", kept up to date.
const SCRIPT = `new MutationObserver(()=>{
for(const p of document.querySelectorAll('pre:not([tabindex])'))p.setAttribute('tabindex','0');
for(const b of document.querySelectorAll('button[aria-label]')){const t=(b.textContent||'').trim(),l=b.dataset.label||b.getAttribute('aria-label');
if(t&&!l.includes(t)){b.dataset.label=l;const n=l+': '+t;if(b.getAttribute('aria-label')!==n)b.setAttribute('aria-label',n)}}
}).observe(document.documentElement,{subtree:true,childList:true,characterData:true});`;
// Redoc hard-codes a sidebar attribution whose logo is an <img> on Redocly's CDN: the one request the inlined
// page would still make. An empty src makes none (the component then drops the image); the link is hidden.
const html = readFileSync('dist/index.html', 'utf8');
const offline = html
  .replaceAll(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, '')
  .replace('</head>', `<style>${STYLE}</style><script>${SCRIPT}</script></head>`);
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
