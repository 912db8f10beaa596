// Builds dist/index.html: the bundled contract rendered by Redoc, with Redoc's scripts inlined so the page
// loads nothing from any other host. The title and version come from the bundle's info.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { consoleAssets } from './console-build.ts';
import { enhancePage } from './page-script.ts';

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
  // A table too wide for its column, stacked by the page's script: a card per row, each cell under its column's
  // name (the first cell, the row's key, needs none); the header row stays for screen readers only. A value longer
  // than a phone's line (a pattern, a long path; code never wraps) scrolls within its cell.
  'table.stacked{border:0;overflow:visible}',
  'table.stacked thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}',
  'table.stacked tbody,table.stacked tr,table.stacked td{display:block;width:auto}',
  'table.stacked tr{border:1px solid var(--border-color-secondary,#d9d9de);border-radius:8px;margin:0 0 12px;padding:8px 12px}',
  'table.stacked td{border:0;padding:3px 0;background:none;overflow-x:auto}',
  'table.stacked td[data-label]:not(:first-child)::before{content:attr(data-label) ": ";font-weight:600}',
  // In the two-column layout (Redoc's 1280 px) an operation's result codes need more than the text column: their
  // table spans both columns and the request samples start below it, beside the parameters they illustrate (the
  // samples are sticky, so a table reaching under them would be covered). The page's script marks the blocks.
  '@media screen and (min-width:1280px){',
  '.result-codes-row{display:grid!important;grid-template-columns:minmax(0,1fr) var(--panel-samples-width);grid-auto-flow:dense}',
  '.result-codes-row>.result-codes-column{display:contents}',
  '.result-codes-column>*{grid-column:1;min-width:0;margin-left:calc(var(--panel-gap-horizontal)*2);margin-right:var(--panel-gap-horizontal)}',
  '.result-codes-column>.result-codes{grid-column:1/-1;margin-right:calc(var(--panel-gap-horizontal)*2)}',
  '.result-codes-row>[data-testid="right-panel"]{grid-column:2;grid-row:span 99;width:auto}}',
  // Code wraps rather than scroll: a scrollbar that only shows while scrolling (macOS, phones) leaves a long line
  // cut off with no sign it goes on. A copy still copies the lines as written. Exact bytes (a ```text block: the
  // string to sign) wrap at the edge, mid-token, so a wrapped line never reads as a newline of the string.
  'pre,pre code{white-space:pre-wrap!important;overflow-wrap:anywhere!important}',
  'pre[data-language="text"]{word-break:break-all}',
  // Syntax colours at 4.5:1 or better on white (Redoc's are 2.89:1 orange and 4.45:1 blue), and the POST badge.
  '.th-token.th-variable,.th-token.th-command,.th-token.th-keyword{color:#8a4a00!important}',
  '.th-token.th-string,.token.string{color:#1d4f9e!important}',
  '.tag-http.tag-post,.tag-http.tag-post *{--tag-color:#1a55c8!important;color:#1a55c8!important}',
  // Below 768 px Redoc floats a 60 px round menu button over the text's right edge. It becomes a tab in the page's
  // right margin (30 px wide, the margin is 32), where it covers nothing.
  'button[data-testid="floating-button"]{width:30px!important;height:56px!important;right:0!important;bottom:88px!important;',
  'border-radius:8px 0 0 8px!important;box-shadow:0 0 6px rgba(0,0,0,.35)!important}',
].join('');
// What the page's own script fixes as Redoc renders (links, keyboard access, names, tables): src/page-script.ts.
const SCRIPT = `(${enhancePage.toString()})()`;
// Redoc 3 renders a tag's operations, and the sections of a trait tag's description, only while that tag is the
// active route: scrolling from the top shows each tag's heading over an empty space, and its operations and the
// Errata's text appear only after a click in the sidebar. Two expressions in its bundle decide that; they are
// changed to render every tag's content as it scrolls into view, as Redoc does for the overview's sections. Each
// must match exactly once (the Redocly CLI version is pinned): if Redoc's code changes, the build stops here.
const GATES: readonly (readonly [RegExp, string, string])[] = [
  [
    /\b(\w+)\.children\.length>0&&\1\.content\.contentType!==\w+\.GROUP\b/g,
    '$1.children.length>0',
    'which tags render their children',
  ],
  [/\b\w+&&!\w+\(\w+\.gatePath,\w+\)\?null/g, '!1?null', "which of a tag's children render"],
  // Not a gate: a section's name in the sidebar was its heading's first run of text only, so "The mock's choices
  // (`packages/mock`)" read "The mock's choices (". The name becomes the heading's whole text.
  [
    /\b(\w+)=(\w+)=>\{if\(typeof \2\?\.attributes\?\.content==`string`\)return \2\.attributes\.content;if\(\2\?\.children\)return \1\(\2\.children\[0\]\)\}/g,
    '$1=$2=>typeof $2?.attributes?.content==`string`?$2.attributes.content:($2?.children??[]).map($1).join(``)',
    "a section's name (its heading's text)",
  ],
];
// Redoc hard-codes a sidebar attribution whose logo is an <img> on Redocly's CDN: the one request the inlined
// page would still make. An empty src makes none (the component then drops the image); the link is hidden.
const html = readFileSync('dist/index.html', 'utf8');
let page = html.replaceAll(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, '');
if (page === html)
  throw new Error('docs: the Redoc attribution was not found; check the page for requests to other hosts');
for (const [gate, open, what] of GATES) {
  const found = page.match(gate)?.length ?? 0;
  if (found !== 1)
    throw new Error(
      `docs: Redoc's code deciding ${what} matched ${found} times, not once (${gate}); read its bundle again`,
    );
  page = page.replace(gate, open);
}
// The links in the pre-rendered markup, in the hash form (the script above keeps the rendered ones so).
page = page
  .replaceAll(/ href="\/(?!\/)/g, ' href="#/')
  .replace('</head>', `<style>${STYLE}</style><script>${SCRIPT}</script></head>`);
// "Try it against the local mock" under each operation (src/console.ts); a function, so no `$` in it is a pattern.
const consoleHtml = await consoleAssets();
page = page.replace('</head>', () => `${consoleHtml}</head>`);
writeFileSync('dist/index.html', page);
// The downloads the page links to: the bundle in both formats, the signing test vector, the mock's admin API.
copyFileSync(bundle, 'dist/openapi.yaml');
copyFileSync(require.resolve('@store-api/spec/openapi.json'), 'dist/openapi.json');
copyFileSync(require.resolve('@store-api/spec/test-vector/signature.json'), 'dist/signature-test-vector.json');
// And the mock's admin API (scripts, journal, stores, reset), for partners driving `npm start` from any language.
copyFileSync(
  new URL('admin-openapi.yaml', `file://${require.resolve('@store-api/mock/package.json')}`),
  'dist/mock-admin-openapi.yaml',
);
const size = statSync('dist/index.html').size;
console.log(
  `docs: dist/index.html, "${title}", ${(size / 1024).toFixed(0)} KiB, built in ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
