// What a partner's bundler ships for an import, min+gzip, split as bundlers split a dynamic import(): the first
// load (the entry chunk and every chunk it imports statically) and what waits for an import() (the client's raw
// openapi-fetch client). Read by bench:client and held to it by scripts/test/bundle-size.test.ts.
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  /** min+gzip bytes loaded by importing the entry (each chunk gzipped on its own, as served). */
  readonly first: number;
  /** min+gzip bytes of the chunks loaded on first use. */
  readonly later: number;
  /** The source files (relative to `resolveDir`) in the first load. */
  readonly firstInputs: readonly string[];
  /** The source files in the later chunks. */
  readonly laterInputs: readonly string[];
}

export async function bundleSize(entry: string, resolveDir: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry, resolveDir, loader: 'js' },
    absWorkingDir: resolveDir,
    bundle: true,
    splitting: true,
    outdir: 'out',
    minify: true,
    format: 'esm',
    platform: 'neutral',
    // node:crypto is Node's own (loaded only on Node), never bundled.
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path) || outputs[path] === undefined) return;
    eager.add(path);
    for (const dependency of outputs[path].imports)
      if (dependency.kind === 'import-statement' && dependency.external !== true) visit(dependency.path);
  };
  // A dynamically imported module is an entry point too: the first load starts from the one given as stdin.
  for (const [path, output] of Object.entries(outputs)) if (output.entryPoint === '<stdin>') visit(path);
  const size = { first: 0, later: 0 };
  const inputs = { first: new Set<string>(), later: new Set<string>() };
  for (const file of result.outputFiles) {
    const path = relative(resolveDir, file.path);
    const which = eager.has(path) ? 'first' : 'later';
    size[which] += gzipSync(file.contents, { level: 9 }).length;
    for (const input of Object.keys(outputs[path]?.inputs ?? {})) inputs[which].add(input);
  }
  return { ...size, firstInputs: [...inputs.first], laterInputs: [...inputs.later] };
}
