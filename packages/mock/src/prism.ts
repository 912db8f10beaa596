// The slice of Prism's programmatic API the mock uses: load the bundle's operations, and answer one request the
// way `prism mock` (or `prism proxy`) would, Prefer header included.
import { createRequire } from 'node:module';
import { createLogger } from '@stoplight/prism-core';
import { createInstance, getHttpOperationsFromSpec, type IHttpConfig, ProblemJsonError } from '@stoplight/prism-http';
import { getHttpConfigFromRequest } from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js';

const require = createRequire(import.meta.url);
const BUNDLE_PATH = require.resolve('@store-api/spec/openapi.json');

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

export async function createPrismEngine(options: PrismEngineOptions): Promise<PrismEngine> {
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
  ) as IHttpConfig;
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
