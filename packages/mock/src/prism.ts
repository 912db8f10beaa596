// The slice of Prism's programmatic API the mock uses: load the bundle's operations, and answer one request the
// way `prism mock` (or `prism proxy`) would, Prefer header included.
// Prism is an optional peer dependency: the default mode never loads it, so a partner who never asks for Prism's
// answers never installs its tree (three quarters of the mock's install). Only type imports name it here; the
// modules are imported when an engine is made, and their absence is an error that says what to install.
import { createRequire } from 'node:module';
import type * as PrismCore from '@stoplight/prism-core';
import type * as PrismHttp from '@stoplight/prism-http';
import type * as PrismHttpConfig from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js';

const require = createRequire(import.meta.url);
const BUNDLE_PATH = require.resolve('@store-api/spec/openapi.json');
const MANIFEST = require('../package.json') as { peerDependencies: Record<string, string> };

/** Prism's packages at the versions the mock is tested with, as `npm install` takes them: its peerDependencies. */
const PRISM_PACKAGES: readonly string[] = Object.entries(MANIFEST.peerDependencies)
  .filter(([name]) => name.startsWith('@stoplight/prism-'))
  .map(([name, version]) => `${name}@${version}`);

/** Imports Prism's modules: `loadPrism`, or a test's stand-in, to see what a missing Prism does. */
export type PrismLoader = () => Promise<unknown>;
const loadPrism = () =>
  Promise.all([
    import('@stoplight/prism-core'),
    import('@stoplight/prism-http'),
    import('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js'),
  ]);

/** A mode that needs Prism, asked for where Prism is not installed: names the mode and the command that fixes it. */
export class PrismNotInstalledError extends Error {
  override readonly name = 'PrismNotInstalledError';
  /** `npm install --save-dev @stoplight/prism-core@… …`, the versions the mock is tested with. */
  readonly command: string;

  constructor(
    /** What asked for Prism, as a user would have asked for it. */
    readonly mode: string,
    cause: Error,
  ) {
    const command = `npm install --save-dev ${PRISM_PACKAGES.join(' ')}`;
    // The command last, whole on its own, to be copied.
    super(
      `${mode} needs Prism, an optional peer dependency of @store-api/mock (${cause.message.split('\n')[0]}); install it with: ${command}`,
      { cause },
    );
    this.command = command;
  }
}

export interface PrismInput {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface PrismAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Prism's own findings on the request or (in proxy mode) the response: `request.body.store …`. */
  readonly violations: readonly string[];
}

export interface PrismEngine {
  answer(input: PrismInput): Promise<PrismAnswer>;
}

type Either<L, R> = { readonly _tag: 'Left'; readonly left: L } | { readonly _tag: 'Right'; readonly right: R };
interface Diagnostic {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly severity: number;
}

export interface PrismEngineOptions {
  /** Prism checks the request (body, headers, security) and answers 401/422 problem documents. */
  readonly validateRequest: boolean;
  /** Forward to this URL instead of mocking, and check the upstream's responses. */
  readonly upstream?: URL | undefined;
}

/** Who asks for Prism: what a user did to need it, named in the error when Prism is missing. */
function modeOf(options: PrismEngineOptions): string {
  if (options.validateRequest) return "--validation prism (validation: 'prism', formerly --strict)";
  return "Prefer: dynamic=true (or any Prefer part but example= and code=200, which the spec's examples answer)";
}

export async function createPrismEngine(
  options: PrismEngineOptions,
  load: PrismLoader = loadPrism,
): Promise<PrismEngine> {
  let modules: [typeof PrismCore, typeof PrismHttp, typeof PrismHttpConfig];
  try {
    modules = (await load()) as typeof modules;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new PrismNotInstalledError(modeOf(options), error as Error);
    throw error;
  }
  const [
    { createLogger },
    { createInstance, getHttpOperationsFromSpec, ProblemJsonError },
    { getHttpConfigFromRequest },
  ] = modules;
  const operations = await getHttpOperationsFromSpec(BUNDLE_PATH);
  const logger = createLogger('store-api-mock', { level: 'silent' });
  const base = {
    checkSecurity: options.validateRequest,
    validateRequest: options.validateRequest,
    validateResponse: options.upstream !== undefined,
    errors: false,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const config = (
    options.upstream === undefined
      ? { ...base, isProxy: false }
      : { ...base, isProxy: true, upstream: options.upstream }
  ) as PrismHttp.IHttpConfig;
  const prism = createInstance(config, { logger });

  return {
    async answer(input) {
      const request = {
        method: input.method.toLowerCase() as 'post',
        url: { path: input.path, query: input.query },
        headers: input.headers,
        body: input.body,
      };
      const preferences = getHttpConfigFromRequest(request) as Either<Error, Record<string, unknown>>;
      const result =
        preferences._tag === 'Left'
          ? preferences
          : ((await prism.request(request, operations, {
              ...config,
              mock: { ...config.mock, ...withoutUndefined(preferences.right) },
            })()) as Either<
              Error,
              {
                output: { statusCode: number; headers?: Record<string, string>; body?: unknown };
                validations: { input: Diagnostic[]; output: Diagnostic[] };
              }
            >);
      if (result._tag === 'Left') {
        const problem = ProblemJsonError.toProblemJson(result.left as Error & { status?: number });
        return {
          status: problem.status || 500,
          headers: { 'content-type': 'application/problem+json' },
          body: problem,
          violations: [],
        };
      }
      const { output, validations } = result.right;
      const violations = [
        ...validations.input.map((d) => `request.${(d.path ?? []).join('.')} ${d.message}`),
        ...validations.output.map((d) => `response.${(d.path ?? []).join('.')} ${d.message}`),
      ];
      return { status: output.statusCode, headers: output.headers ?? {}, body: output.body, violations };
    },
  };
}

function withoutUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
