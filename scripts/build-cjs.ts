// The CommonJS twin of a package's built ESM (run in the package after tsc): for every export with both "import"
// and "require" conditions, each dist/X.js reachable from its entry gets a dist/X.cjs beside it (esbuild converts
// tsc's output, relative imports pointing at the twins), and each dist/X.d.ts reachable from its types a
// dist/X.d.cts. One implementation, two entry points; the twins sit beside the originals so that paths relative
// to import.meta.url (computed from __filename in CommonJS) find the same files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

type Target = string | { readonly [condition: string]: Target };
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  exports: Record<string, Target>;
};

const entries: { js: string; dts: string }[] = [];
for (const target of Object.values(manifest.exports)) {
  if (typeof target === 'string' || target.import === undefined || target.require === undefined) continue;
  const esm = target.import as Record<string, string>;
  if (esm.default === undefined || esm.types === undefined) throw new Error(`${manifest.name}: import needs types`);
  entries.push({ js: esm.default, dts: esm.types });
}

const relativeJs = /^\.\.?\//;
const twinOf = (path: string) => path.replace(/\.js$/, '.cjs');

/** Converts one file; resolves with the relative files it imports. */
async function convert(file: string): Promise<string[]> {
  const imports: string[] = [];
  // Every import stays an import (a require of the twin, or of the package); nothing is bundled.
  const externals: Plugin = {
    name: 'externals',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (!relativeJs.test(args.path)) return { path: args.path, external: true };
        imports.push(join(dirname(file), args.path));
        return { path: twinOf(args.path), external: true };
      });
    },
  };
  const source = readFileSync(file, 'utf8');
  const usesMeta = source.includes('import.meta');
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    plugins: [externals],
    ...(usesMeta
      ? {
          define: { 'import.meta.url': 'import_meta_url' },
          banner: { js: "const import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
        }
      : {}),
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`${file}: esbuild wrote nothing`);
  writeFileSync(twinOf(file), output.text);
  return imports;
}

/** Copies one declaration file as .d.cts; resolves with the relative declaration files it imports. */
function convertTypes(file: string): string[] {
  const imports: string[] = [];
  const text = readFileSync(file, 'utf8').replace(/(['"])(\.\.?\/[^'"]*?)\.js\1/g, (_, quote: string, path: string) => {
    imports.push(join(dirname(file), `${path}.d.ts`));
    return `${quote}${path}.cjs${quote}`;
  });
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
  return imports;
}

const done = new Set<string>();
async function walk(start: string, step: (file: string) => Promise<string[]> | string[]) {
  const queue = [start];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (done.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${manifest.name}: ${file} is imported but was not built`);
    done.add(file);
    queue.push(...(await step(file)));
  }
}
for (const { js, dts } of entries) {
  await walk(join('.', js), convert);
  await walk(join('.', dts), convertTypes);
}
const converted = [...done].filter((file) => file.endsWith('.js')).length;
console.log(
  `build-cjs: ${manifest.name}: ${converted} .cjs and ${done.size - converted} .d.cts files for ${entries.length} entries (${entries.map((e) => relative('dist', e.js)).join(', ')})`,
);
