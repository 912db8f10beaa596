// Differential fuzzing: seeded mutations of the spec's request examples, each judged by this validator (Ajv) and
// by an independent JSON Schema 2020-12 implementation (@hyperjump/json-schema, OpenAPI 3.1 dialect) reading the
// same bundle. They must agree. Two things only this validator checks are told apart, each tested elsewhere:
// the documents inside JSON strings (contentSchema: ruleData, discountValue) and `x-max-json-length`.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setShouldValidateFormat, validate } from '@hyperjump/json-schema/openapi-3-1';
import '@hyperjump/json-schema/formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { isObject } from '../src/contract.js';
import { createValidator, type OperationId } from '../src/index.js';

const CASES = 3_000;
const SEED = 20261124;
const validator = createValidator();
const bundleUrl = pathToFileURL(createRequire(import.meta.url).resolve('@store-api/spec/openapi.json')).href;

/** mulberry32: a small seeded generator, so a failure is reproduced by its case number. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Path = readonly (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) for (const [i, item] of value.entries()) out.push(...paths(item, [...at, i]));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...at, key]));
  return out;
}
function get(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)?.[step], value);
}
function set(value: unknown, path: Path, next: unknown | typeof REMOVE): unknown {
  const [step, ...rest] = path;
  if (step === undefined) return next;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && next === REMOVE) copy.splice(step as number, 1);
    else copy[step as number] = set(copy[step as number], rest, next);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && next === REMOVE) delete copy[step as string];
  else copy[step as string] = set(copy[step as string], rest, next);
  return copy;
}
const REMOVE = Symbol('remove');

/** One mutation of `body`, chosen by `next`. */
function mutate(body: unknown, next: () => number): unknown {
  const all = paths(body);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const path = pick(all);
  const old = get(body, path);
  const choices: (() => unknown)[] = [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2147483648,
    () => '',
    () => 'x',
    () => 'NOT_A_VALUE',
    () => [],
    () => ({}),
    () => (typeof old === 'string' ? old.repeat(40) : old),
    () => (typeof old === 'string' ? old.toLowerCase() : old),
    () => (typeof old === 'number' ? old + 1 : old),
    () => (Array.isArray(old) ? [...old, ...old] : old),
    () => (Array.isArray(old) && old.length > 0 ? Array.from({ length: 21 }, () => old[0]) : old),
    () => (isObject(old) ? { ...old, unexpectedField: 'x' } : old),
    () => REMOVE,
  ];
  if (path.length === 0) return isObject(body) ? { ...body, unexpectedField: 1 } : body;
  return set(body, path, pick(choices)());
}

describe('the validator agrees with an independent JSON Schema 2020-12 implementation', () => {
  const independent = new Map<OperationId, (value: unknown) => boolean>();
  beforeAll(async () => {
    setShouldValidateFormat(true);
    for (const op of validator.operations) {
      const check = await validate(`${bundleUrl}#${op.request.schemaPointer}`);
      // Every case is built from JSON values (parsed examples and JSON literals).
      independent.set(op.operationId as OperationId, (value) => check(value as Parameters<typeof check>[0]).valid);
    }
  }, 60_000);

  it(`on ${CASES} seeded mutations of the request examples`, () => {
    const next = random(SEED);
    const seeds = validator.operations.flatMap((op) =>
      op.request.examples.map((e) => [op.operationId as OperationId, e.value] as const),
    );
    const tally = { agree: 0, contentSchemaOnly: 0, jsonLengthOnly: 0, valid: 0 };
    const disagreements: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const [operationId, seed] = seeds[Math.floor(next() * seeds.length)] as (typeof seeds)[number];
      let body = mutate(seed, next);
      if (next() < 0.3) body = mutate(body, next);
      const ours = validator.validateRequest(operationId, body);
      const theirs = independent.get(operationId)?.(body);
      if (ours.valid === theirs) {
        tally.agree++;
        if (ours.valid) tally.valid++;
        continue;
      }
      const rules = ours.valid ? [] : ours.violations;
      if (!ours.valid && theirs && rules.every((v) => v.field.includes(' → ') || v.rule === 'contentMediaType')) {
        tally.contentSchemaOnly++;
        continue;
      }
      if (!ours.valid && theirs && rules.every((v) => v.rule === 'x-max-json-length')) {
        tally.jsonLengthOnly++;
        continue;
      }
      disagreements.push(`case ${n} ${operationId}: ours ${ours.valid}, theirs ${theirs}: ${JSON.stringify(body)}`);
    }
    console.log(`fuzz: ${JSON.stringify(tally)} of ${CASES}`);
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The mutations reach both verdicts often, or the comparison would prove little.
    expect(tally.valid).toBeGreaterThan(CASES * 0.1);
    expect(tally.agree - tally.valid).toBeGreaterThan(CASES * 0.4);
  }, 120_000);
});
