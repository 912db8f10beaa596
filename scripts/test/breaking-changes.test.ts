// One pair per rule, each on a minimal document made for it: a change that breaks partners (reported under that
// rule, and only where expected) and its harmless counterpart (nothing reported). Then the real bundle: nothing
// between it and itself, and the verdict on versions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBreakingChanges, judge, majorOf, RULES, type RuleId } from '../lib/breaking-changes.ts';

// biome-ignore lint/suspicious/noExplicitAny: the cases reach into arbitrary document shapes.
type Doc = any;
const OP = 'POST /v1/thing';

/** A one-operation document: a request body, one 200 answer with headers and named examples, a header parameter. */
function minimal(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1.0.0' },
    security: [{ Key: [] }],
    components: {
      securitySchemes: { Key: { type: 'apiKey', in: 'header', name: 'Key' } },
      schemas: {
        Amount: { type: 'object', title: 'Amount', properties: { value: { type: 'integer', maximum: 1000 } } },
        Rule: {
          type: 'object',
          title: 'Rule',
          properties: { data: { type: 'string', contentSchema: { $ref: '#/components/schemas/Amount' } } },
        },
      },
    },
    paths: {
      '/v1/thing': {
        post: {
          operationId: 'makeThing',
          'x-idempotency-key': 'requestId',
          parameters: [
            { name: 'Client-Id', in: 'header', required: true, schema: { type: 'string', maxLength: 64 } },
            { name: 'Trace', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['requestId'],
                  properties: {
                    requestId: { type: 'string', maxLength: 64, pattern: '^[a-z]+$' },
                    name: { type: 'string' },
                    kind: { type: 'string', enum: ['A', 'B'] },
                    tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
                    rules: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/Rule' }] } },
                    free: {},
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'ok',
              headers: {
                Signature: { required: true, schema: { type: 'string' } },
                'Response-Time': { schema: { type: 'string' } },
              },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['status', 'code'],
                    properties: { status: { type: 'string', enum: ['S', 'F'] }, code: { type: 'string' } },
                  },
                  examples: {
                    SUCCESS: { value: { status: 'S', code: 'SUCCESS' } },
                    FAIL: { value: { status: 'F', code: 'X' } },
                  },
                },
              },
            },
            '400': { description: 'bad' },
          },
        },
      },
    },
  };
}
const op = (d: Doc) => d.paths['/v1/thing'].post;
const body = (d: Doc) => op(d).requestBody.content['application/json'].schema;
const answer = (d: Doc) => op(d).responses['200'].content['application/json'];

const cases: { rule: RuleId; breaking: (d: Doc) => void; harmless: (d: Doc) => void; where: string }[] = [
  {
    rule: 'operation-removed',
    breaking: (d) => delete d.paths['/v1/thing'],
    harmless: (d) => (d.paths['/v1/other'] = { post: { operationId: 'other', responses: {} } }),
    where: OP,
  },
  {
    rule: 'operation-id-changed',
    breaking: (d) => (op(d).operationId = 'createThing'),
    harmless: (d) => (op(d).summary = 'Makes a thing'),
    where: OP,
  },
  {
    rule: 'header-required',
    breaking: (d) => (op(d).parameters[1].required = true),
    harmless: (d) => op(d).parameters.push({ name: 'X-New', in: 'header', schema: { type: 'string' } }),
    where: `${OP} header trace`,
  },
  {
    rule: 'limit-narrowed', // a header's format (Client-Id's maxLength 64 → 10)
    breaking: (d) => (op(d).parameters[0].schema.maxLength = 10),
    harmless: (d) => (op(d).parameters[0].schema.maxLength = 128),
    where: `${OP} header client-id`,
  },
  {
    rule: 'request-body-removed',
    breaking: (d) => delete op(d).requestBody,
    harmless: (d) => (op(d).requestBody.description = 'the thing'),
    where: OP,
  },
  {
    rule: 'request-body-required', // from an optional body (see bases)
    breaking: (d) => (op(d).requestBody.required = true),
    harmless: (d) => (op(d).requestBody.description = 'the thing'),
    where: OP,
  },
  {
    rule: 'response-removed',
    breaking: (d) => delete op(d).responses['200'],
    harmless: (d) => (op(d).responses['404'] = { description: 'none' }),
    where: `${OP} 200 response`,
  },
  {
    rule: 'response-header-removed',
    breaking: (d) => delete op(d).responses['200'].headers.Signature,
    harmless: (d) => (op(d).responses['200'].headers['X-Trace'] = { schema: { type: 'string' } }),
    where: `${OP} 200 response header signature`,
  },
  {
    rule: 'example-removed',
    breaking: (d) => {
      answer(d).examples.FAILED = answer(d).examples.FAIL;
      delete answer(d).examples.FAIL;
    },
    harmless: (d) => (answer(d).examples.UNKNOWN = { value: { status: 'S', code: 'U' } }),
    where: `${OP} 200 response`,
  },
  {
    rule: 'idempotency-key-changed',
    breaking: (d) => delete op(d)['x-idempotency-key'],
    harmless: (d) => (op(d)['x-codeSamples'] = []),
    where: OP,
  },
  {
    rule: 'security-changed',
    breaking: (d) => {
      d.components.securitySchemes.Sig = { type: 'apiKey', in: 'header', name: 'Sig' };
      d.security = [{ Key: [], Sig: [] }];
    },
    harmless: (d) => d.security.push({ Other: [] }),
    where: OP,
  },
  {
    rule: 'type-changed',
    breaking: (d) => (body(d).properties.name.type = 'integer'),
    harmless: (d) => (body(d).properties.name.type = ['string', 'null']),
    where: `${OP} request body.name`,
  },
  {
    rule: 'type-changed', // a schema with no type that gains one (type: object) refuses every other JSON type
    breaking: (d) => (body(d).properties.free.type = 'object'),
    harmless: (d) => (body(d).properties.free.description = 'anything'),
    where: `${OP} request body.free`,
  },
  {
    rule: 'enum-narrowed',
    breaking: (d) => (body(d).properties.kind.enum = ['A']),
    harmless: (d) => body(d).properties.kind.enum.push('C'),
    where: `${OP} request body.kind`,
  },
  {
    rule: 'enum-widened',
    breaking: (d) => answer(d).schema.properties.status.enum.push('U'),
    harmless: (d) => (answer(d).schema.properties.status.enum = ['S']),
    where: `${OP} 200 response body.status`,
  },
  {
    rule: 'limit-narrowed',
    breaking: (d) => (body(d).properties.tags.maxItems = 5),
    harmless: (d) => (body(d).properties.tags.maxItems = 20),
    where: `${OP} request body.tags`,
  },
  {
    rule: 'limit-narrowed', // inside a JSON document carried in a string (contentSchema), e.g. ruleData
    breaking: (d) => (d.components.schemas.Amount.properties.value.maximum = 100),
    harmless: (d) => (d.components.schemas.Amount.properties.value.maximum = 10_000),
    where: `${OP} request body.rules[](Rule).data →.value`,
  },
  {
    rule: 'pattern-changed',
    breaking: (d) => (body(d).properties.requestId.pattern = '^[a-z]{8}$'),
    harmless: (d) => delete body(d).properties.requestId.pattern,
    where: `${OP} request body.requestId`,
  },
  {
    rule: 'properties-closed',
    breaking: (d) => (d.components.schemas.Rule.additionalProperties = false),
    harmless: (d) => (d.components.schemas.Rule.additionalProperties = true),
    where: `${OP} request body.rules[](Rule)`,
  },
  {
    rule: 'property-removed',
    breaking: (d) => delete answer(d).schema.properties.code,
    harmless: (d) => (answer(d).schema.properties.traceId = { type: 'string' }),
    where: `${OP} 200 response body.code`,
  },
  {
    rule: 'property-removed', // from a request object that refuses unknown fields
    breaking: (d) => delete body(d).properties.name,
    harmless: (d) => (body(d).properties.nickname = { type: 'string' }),
    where: `${OP} request body.name`,
  },
  {
    rule: 'property-required',
    breaking: (d) => body(d).required.push('name'),
    harmless: (d) => (body(d).required = []),
    where: `${OP} request body.name`,
  },
  {
    rule: 'property-optional',
    breaking: (d) => (answer(d).schema.required = ['status']),
    harmless: (d) => answer(d).schema.required.push('traceId'),
    where: `${OP} 200 response body.code`,
  },
  {
    rule: 'branch-removed',
    breaking: (d) => (body(d).properties.rules.items.oneOf = []),
    harmless: (d) => body(d).properties.rules.items.oneOf.push({ type: 'object', title: 'Other' }),
    where: `${OP} request body.rules[](Rule)`,
  },
  {
    rule: 'branch-added', // from an answer with one branch (see bases)
    breaking: (d) => answer(d).schema.oneOf.push({ title: 'B' }),
    harmless: (d) => (answer(d).schema.description = 'the answer'),
    where: `${OP} 200 response body(B)`,
  },
];

// A pair whose breaking side needs a different base: request-body-required starts from an optional body, and
// branch-added from an answer with one branch.
const bases: Partial<Record<RuleId, (d: Doc) => void>> = {
  'request-body-required': (d) => (op(d).requestBody.required = false),
  'branch-added': (d) => (answer(d).schema.oneOf = [{ title: 'A' }]),
};
const made = (change: (d: Doc) => void, start?: (d: Doc) => void) => {
  const d = minimal();
  start?.(d);
  change(d);
  return d;
};

describe('check:breaking, one rule at a time on a minimal document', () => {
  it('finds nothing between a document and itself', () => {
    expect(findBreakingChanges(minimal(), minimal())).toEqual([]);
  });

  it.each(cases.map((c) => [c.rule, c.where, c] as const))('%s at %s: reported', (_rule, _where, c) => {
    const base = made(() => undefined, bases[c.rule]);
    const changes = findBreakingChanges(base, made(c.breaking, bases[c.rule]));
    expect(changes).toContainEqual(expect.objectContaining({ rule: c.rule, where: c.where }));
  });

  it.each(cases.map((c) => [c.rule, c.where, c] as const))(
    '%s at %s: its harmless counterpart passes',
    (_rule, _where, c) => {
      const base = made(() => undefined, bases[c.rule]);
      expect(findBreakingChanges(base, made(c.harmless, bases[c.rule]))).toEqual([]);
    },
  );

  it('has a case for every rule it has', () => {
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(RULES));
  });
});

describe('on the real bundle', () => {
  const bundle = JSON.parse(readFileSync(new URL('../../spec/dist/openapi.json', import.meta.url), 'utf8'));
  const changed = (mutate: (d: Doc) => void) => {
    const copy = structuredClone(bundle);
    mutate(copy);
    return copy;
  };

  it('finds nothing between the bundle and itself', () => {
    expect(findBreakingChanges(bundle, bundle)).toEqual([]);
  });

  it.each([
    [
      'a renamed operationId',
      (d: Doc) => (d.paths['/v2/pos/syncStore'].post.operationId = 'syncStores'),
      'operation-id-changed',
    ],
    [
      'a removed 200 response',
      (d: Doc) => delete d.paths['/v2/pos/syncStore'].post.responses['200'],
      'response-removed',
    ],
    [
      'a removed request body',
      (d: Doc) => delete d.paths['/v2/pos/syncStore'].post.requestBody,
      'request-body-removed',
    ],
    [
      'the Signature response header removed',
      (d: Doc) => delete d.components.responses.SyncStoreResult.headers.signature,
      'response-header-removed',
    ],
    [
      'the idempotency key removed',
      (d: Doc) => delete d.paths['/v2/pos/syncStore'].post['x-idempotency-key'],
      'idempotency-key-changed',
    ],
    [
      'an outcome partners choose with Prefer removed',
      (d: Doc) => delete d.components.responses.SyncStoreResult.content['application/json'].examples.UNKNOWN_EXCEPTION,
      'example-removed',
    ],
    ['a business-rule scene removed', (d: Doc) => d.components.schemas.BusinessRule.oneOf.pop(), 'branch-removed'],
    [
      'a limit inside ruleData',
      (d: Doc) => (d.components.schemas.Amount.properties.amountValue.maximum = 100_000),
      'limit-narrowed',
    ],
    ['a security requirement added', (d: Doc) => (d.security = [{ ...d.security[0], Extra: [] }]), 'security-changed'],
  ])('reports %s', (_what, mutate, rule) => {
    expect(findBreakingChanges(bundle, changed(mutate)).map((c) => c.rule)).toContain(rule);
  });

  it("reports Client-Id's maxLength cut from 64 to 10, in the one schema request and response headers share", () => {
    // ClientIdHeader gives the format of the request's Client-Id and of the response's client-id; a shorter limit
    // refuses requests (a break) and narrows responses (no break). A shared schema is reported where first met.
    const changes = findBreakingChanges(
      bundle,
      changed((d) => (d.components.schemas.ClientIdHeader.maxLength = 10)),
    );
    expect(changes.map((c) => c.message)).toEqual(['POST /v2/pos/syncStore header client-id: maxLength 64 became 10']);
  });
});

describe('the verdict', () => {
  const base = minimal();
  const breaking = (version: string) =>
    made((d) => {
      delete d.paths['/v1/thing'];
      d.info.version = version;
    });

  it('fails a breaking change within the same major version', () => {
    expect(judge(base, breaking('1.1.0'))).toMatchObject({ ok: false });
  });

  it('allows it with a new major version', () => {
    expect(judge(base, breaking('2.0.0'))).toMatchObject({ ok: true, headVersion: '2.0.0' });
  });

  it('passes a compatible change on any version', () => {
    expect(
      judge(
        base,
        made((d) => (answer(d).schema.properties.traceId = { type: 'string' })),
      ).ok,
    ).toBe(true);
  });

  it('reads the major part of a version', () => {
    expect([majorOf('1.4.2'), majorOf('v2.0.0')]).toEqual([1, 2]);
    expect(() => majorOf('latest')).toThrow('not a semantic version: "latest"');
  });
});
