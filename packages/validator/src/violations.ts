// Turns Ajv's errors into what a partner reads: the field, in the body's own notation, and the rule it broke.
import type { ErrorObject } from 'ajv';
import { isObject } from './contract.js';
import { MAX_LISTED } from './limits.js';

/** One way a body breaks the contract. */
export interface ContractViolation {
  /** The field, e.g. `store.posStoreId` or `businessRules[0].ruleData → [0].fee.currency`; `(body)` for the whole body. */
  readonly field: string;
  /** The JSON Schema keyword that failed, e.g. `maxLength`, `required`, `additionalProperties`. */
  readonly rule: string;
  /** `field: what is wrong`, ready to show. */
  readonly message: string;
}

/** `/store/items/0/name` → `store.items[0].name` */
export function fieldName(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    out += /^\d+$/.test(token) ? `[${token}]` : out === '' ? token : `.${token}`;
  }
  return out;
}

function join(parent: string, child: string): string {
  if (parent === '') return child;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}

/** A violation found inside a JSON-in-a-string field at `at`, named from the outer body. */
export function nested(at: string, inner: ContractViolation): ContractViolation {
  const field = inner.field === '(body)' ? at : `${at} → ${inner.field}`;
  return { field, rule: inner.rule, message: `${field}: ${inner.message.slice(inner.field.length + 2)}` };
}

/** The warning for a field the contract does not know, in an object whose full field list is not public. */
export function unknownFieldWarning(
  at: string,
  key: string,
  owner: string,
  known: readonly string[],
): ContractViolation {
  const field = join(at, shownKey(key));
  const guess = closestName(key, known);
  return {
    field,
    rule: 'x-unknown-fields',
    message: `${field}: is not a field of ${owner} that the contract knows (let through: the vendor does not publish its full list)${guess === undefined ? '' : `; did you mean ${guess}?`}`,
  };
}

/** One rule of an `x-warn` list: the form the pages show (a JSON Schema), and what to say of a value outside it. */
export interface WarnRule {
  readonly unless: Record<string, unknown>;
  /** Follows the value (or the field, when it is missing): `is not in the form the pages show (GMT+8:00)`. */
  readonly message: string;
}

/** The spec's `x-warn` list, checked: a mistake in it is the spec's, found when the schema is compiled. */
export function warnRules(rules: unknown): WarnRule[] {
  if (!Array.isArray(rules) || rules.length === 0) throw new Error('x-warn must be a non-empty list of rules');
  return rules.map((rule, index) => {
    if (!isObject(rule) || !isObject(rule.unless) || typeof rule.message !== 'string' || rule.message === '')
      throw new Error(`x-warn[${index}] must have an unless schema and a message`);
    return { unless: rule.unless, message: rule.message };
  });
}

/**
 * The warnings for a value at `at` that is outside a rule's `unless` form, one per field its errors name: a missing
 * field (`required`) is named itself; a value is shown before the message.
 */
export function warningsOf(
  at: string,
  rule: WarnRule,
  errors: readonly ErrorObject[] | null | undefined,
): ContractViolation[] {
  const out: ContractViolation[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    if (SUMMARIES.has(error.keyword)) continue;
    const missing =
      error.keyword === 'required'
        ? String((error.params as { missingProperty?: unknown }).missingProperty)
        : undefined;
    const path = fieldName(error.instancePath);
    const inner = path === '' ? at : join(at, path);
    const field = (missing === undefined ? inner : join(inner, shownKey(missing))) || '(body)';
    if (seen.has(field)) continue;
    seen.add(field);
    const subject = missing === undefined ? `${show(error.data)} ` : '';
    out.push({ field, rule: 'x-warn', message: `${field}: ${subject}${rule.message}; accepted with a warning` });
  }
  return out;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** A key as a message shows it: at most 64 characters. */
export function shownKey(key: string): string {
  return key.length > 64 ? `${key.slice(0, 61)}...` : key;
}

/** The known property a misspelt one most likely meant, if any is close. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  // No known name is long: a key far longer than all of them cannot be a typo of one (and would cost n·m).
  if (name.length > 2 * Math.max(0, ...known.map((k) => k.length)) + 2) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'an array',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'null',
};

function describe(error: ErrorObject): { field: string; text: string } | undefined {
  const at = fieldName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const parent = isObject(error.parentSchema) ? error.parentSchema : {};
  // An error about an object's key (propertyNames) names the key as the field.
  const key = (error as { propertyName?: string }).propertyName;
  if (key !== undefined && error.keyword !== 'propertyNames') {
    const { propertyName: _key, ...rest } = error as ErrorObject & { propertyName?: string };
    const inner = describe({ ...rest, instancePath: '', data: key });
    return inner && { field: join(at, key), text: `is not an allowed key: it ${inner.text}` };
  }
  switch (error.keyword) {
    case 'required':
      return { field: join(at, String(params.missingProperty)), text: 'is required' };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = isObject(parent.properties) ? Object.keys(parent.properties) : [];
      const owner = typeof parent.title === 'string' ? parent.title : 'this object';
      const guess = closestName(name, known);
      return {
        field: join(at, shownKey(name)),
        text: `is not a field of ${owner}${guess === undefined ? '' : `; did you mean ${guess}?`}`,
      };
    }
    case 'maxLength':
      return { field: at, text: `must be at most ${params.limit} characters (got ${String(error.data).length})` };
    case 'minLength':
      return params.limit === 1
        ? { field: at, text: 'must not be empty' }
        : { field: at, text: `must be at least ${params.limit} characters (got ${String(error.data).length})` };
    case 'maxItems':
      return { field: at, text: `must have at most ${params.limit} items (got ${(error.data as unknown[]).length})` };
    case 'minItems':
      return { field: at, text: `must have at least ${params.limit} item${params.limit === 1 ? '' : 's'}` };
    case 'enum':
      return {
        field: at,
        text: `must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')} (got ${show(error.data)})`,
      };
    case 'const':
      return { field: at, text: `must be ${show(params.allowedValue)} (got ${show(error.data)})` };
    case 'pattern': {
      // The schema's own words for its pattern, when it has them: a reader should not have to read a regex.
      const words = (error.parentSchema as { 'x-pattern-words'?: unknown } | undefined)?.['x-pattern-words'];
      const rule = typeof words === 'string' ? `must be ${words}` : `must match ${params.pattern}`;
      return { field: at, text: `${rule} (got ${show(error.data)})` };
    }
    case 'format':
      return { field: at, text: `must be a valid ${params.format} (got ${show(error.data)})` };
    case 'type': {
      const types = String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t);
      return { field: at, text: `must be ${types.join(' or ')} (got ${show(error.data)})` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { field: at, text: `must be ${params.comparison} ${params.limit} (got ${show(error.data)})` };
    case 'x-max-json-length':
      return {
        field: at,
        text: `must be at most ${params.limit} characters once serialised as JSON (got ${params.length})`,
      };
    case 'not':
      return {
        field: at,
        text: `must not be sent here${typeof parent.description === 'string' ? `: ${parent.description}` : ''}`,
      };
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'tag') return { field: join(at, tag), text: 'is required and must be a string' };
      // Listed by the validator (src/index.ts) for every discriminator error but a missing tag.
      const allowed = params.allowedValues as unknown[];
      return {
        field: join(at, tag),
        text: `must be one of ${allowed.map(show).join(', ')} (got ${show(params.tagValue)})`,
      };
    }
    // Summaries of errors already reported by the branch that failed.
    case 'if':
    case 'propertyNames':
    case 'oneOf':
    case 'anyOf':
    case 'allOf':
      return undefined;
    default:
      return { field: at, text: error.message ?? `breaks the ${error.keyword} rule` };
  }
}

/** Formats Ajv errors, dropping summaries and repeats. Errors from inside a JSON-in-a-string field arrive pre-formatted. */
export function toViolations(errors: readonly ErrorObject[] | null | undefined): ContractViolation[] {
  const seen = new Set<string>();
  const out: ContractViolation[] = [];
  const push = (violation: ContractViolation) => {
    if (seen.has(violation.message)) return;
    seen.add(violation.message);
    out.push(violation);
  };
  let skipped = 0;
  for (const error of errors ?? []) {
    // Past the listed ones, describing (and suggesting) costs time for nothing a reader sees: only count them.
    if (out.length >= MAX_LISTED) {
      if (!SUMMARIES.has(error.keyword)) skipped++;
      continue;
    }
    // The validator's own contentSchema keyword (src/index.ts) puts the violations it found on each of its errors.
    if (error.keyword === 'contentSchema') {
      const at = fieldName(error.instancePath);
      for (const violation of (error.params as { violations: ContractViolation[] }).violations)
        push(nested(at, violation));
      continue;
    }
    const described = describe(error);
    if (described === undefined) continue;
    const field = described.field === '' ? '(body)' : described.field;
    push({ field, rule: error.keyword, message: `${field}: ${described.text}` });
  }
  if (skipped > 0)
    out.push({ field: '(body)', rule: 'maxListed', message: `(body): +${skipped} more violations not listed` });
  return out;
}

const SUMMARIES = new Set(['if', 'propertyNames', 'oneOf', 'anyOf', 'allOf']);
