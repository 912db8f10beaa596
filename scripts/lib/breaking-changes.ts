// What in a new bundle breaks partners built against an old one, as one small rule per kind of change (RULES
// below; scripts/README.md lists them beside oasdiff's checks). Requests and responses are judged differently: a
// request breaks when the API accepts less than before (a partner's valid call is now refused); a response breaks
// when a partner may receive what it was not promised (a field gone, a new enum value, another type, a header gone).

import { ContractDocumentError, derefNamed, isObject } from '@store-api/validator/contract';

type Node = Record<string, unknown>;
type Side = 'request' | 'response';

export interface BreakingChange {
  readonly rule: RuleId;
  /** Where, e.g. `POST /v2/pos/syncStore request body.store.posStoreId`. */
  readonly where: string;
  readonly message: string;
}

const isNode: (value: unknown) => value is Node = isObject;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The node a value stands for and the last `$ref` followed (the walk remembers the pairs it compared by it), read
 * by the contract reader. `{}` for what does not resolve: a dangling `$ref` in a new bundle is the linter's to
 * report, and here it reads as "no constraints".
 */
function deref(document: Node, value: unknown): { node: Node; ref: string } {
  try {
    const { node, ref } = derefNamed(document, value);
    return { node: isNode(node) ? node : {}, ref };
  } catch (error) {
    if (error instanceof ContractDocumentError) return { node: {}, ref: '' };
    throw error;
  }
}

const typesOf = (schema: Node): string[] =>
  Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];

/** Two schemas (or operations) compared, with where they are and a way to report. */
interface SchemaPair {
  readonly b: Node;
  readonly h: Node;
  readonly side: Side;
  readonly where: string;
  report(rule: RuleId, message: string, where?: string): void;
}

// ---- schema rules: each looks at one pair of schemas, never at their children (the walk below recurses) ----

const schemaRules = {
  /** A request type no longer accepted, or a response type that may now come back (integer ⊂ number). */
  'type-changed'({ b, h, side, report }: SchemaPair) {
    const bTypes = typesOf(b);
    const hTypes = typesOf(h);
    if (hTypes.length === 0) return;
    if (bTypes.length === 0) {
      // No type before took any JSON type: a type now is narrower for a request.
      if (side === 'request') report('type-changed', `any type became ${hTypes.join('|')}`);
      return;
    }
    const covers = (types: string[], t: string) => types.includes(t) || (t === 'integer' && types.includes('number'));
    const moved =
      side === 'request' ? bTypes.filter((t) => !covers(hTypes, t)) : hTypes.filter((t) => !covers(bTypes, t));
    if (moved.length > 0) report('type-changed', `type ${bTypes.join('|')} became ${hTypes.join('|')}`);
  },
  /** A request enum that no longer has a value (or gained an enum at all). */
  'enum-narrowed'({ b, h, side, report }: SchemaPair) {
    if (side !== 'request' || !Array.isArray(h.enum)) return;
    const removed = Array.isArray(b.enum)
      ? b.enum.filter((v) => !(h.enum as unknown[]).some((w) => same(v, w)))
      : ['(any value)'];
    if (removed.length > 0)
      report('enum-narrowed', `no longer accepts ${removed.map((v) => JSON.stringify(v)).join(', ')}`);
  },
  /** A response enum that may return a value it did not (or lost its enum). */
  'enum-widened'({ b, h, side, report }: SchemaPair) {
    if (side !== 'response' || !Array.isArray(b.enum)) return;
    const added = Array.isArray(h.enum)
      ? h.enum.filter((v) => !(b.enum as unknown[]).some((w) => same(v, w)))
      : ['(any value)'];
    if (added.length > 0) report('enum-widened', `may now return ${added.map((v) => JSON.stringify(v)).join(', ')}`);
  },
  /** A request limit made tighter: a larger minimum or a smaller maximum (length, items, value, properties). */
  'limit-narrowed'({ b, h, side, report }: SchemaPair) {
    if (side !== 'request') return;
    for (const keyword of ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties'])
      if (typeof h[keyword] === 'number' && (typeof b[keyword] !== 'number' || h[keyword] < b[keyword]))
        report('limit-narrowed', `${keyword} ${b[keyword] ?? 'none'} became ${h[keyword]}`);
    for (const keyword of ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties'])
      if (typeof h[keyword] === 'number' && (typeof b[keyword] !== 'number' || h[keyword] > b[keyword]))
        report('limit-narrowed', `${keyword} ${b[keyword] ?? 'none'} became ${h[keyword]}`);
    const bMax = b['x-max-json-length'];
    const hMax = h['x-max-json-length'];
    if (typeof hMax === 'number' && (typeof bMax !== 'number' || hMax < bMax))
      report('limit-narrowed', `x-max-json-length ${bMax ?? 'none'} became ${hMax}`);
  },
  /**
   * A request pattern, format or const added or changed. Whether a new pattern accepts everything the old one did
   * cannot be decided in general: a widened pattern is reported too, for a person to judge (see the README).
   */
  'pattern-changed'({ b, h, side, report }: SchemaPair) {
    if (side !== 'request') return;
    for (const keyword of ['pattern', 'format', 'const'])
      if (h[keyword] !== undefined && !same(h[keyword], b[keyword]))
        report(
          'pattern-changed',
          `${keyword} ${JSON.stringify(b[keyword] ?? null)} became ${JSON.stringify(h[keyword])}`,
        );
  },
  /** A request object that no longer accepts properties it does not list. */
  'properties-closed'({ b, h, side, report }: SchemaPair) {
    if (side === 'request' && h.additionalProperties === false && b.additionalProperties !== false)
      report('properties-closed', 'no longer accepts properties it does not list');
  },
  /** A response property gone, or a request property gone from an object that refuses unknown ones. */
  'property-removed'({ b, h, side, report, where }: SchemaPair) {
    const hProps = isNode(h.properties) ? h.properties : {};
    for (const name of Object.keys(isNode(b.properties) ? b.properties : {}))
      if (!(name in hProps) && (side === 'response' || h.additionalProperties === false))
        report(
          'property-removed',
          side === 'response' ? 'is no longer returned' : 'is no longer accepted',
          `${where}.${name}`,
        );
  },
  /** A request property that became required (or is new and required). */
  'property-required'({ b, h, side, report, where }: SchemaPair) {
    if (side !== 'request') return;
    const before = new Set(list(b.required));
    for (const name of list(h.required))
      if (!before.has(name))
        report(
          'property-required',
          isNode(b.properties) && String(name) in b.properties ? 'became required' : 'is new and required',
          `${where}.${String(name)}`,
        );
  },
  /** A response property that may no longer be returned. */
  'property-optional'({ b, h, side, report, where }: SchemaPair) {
    if (side !== 'response') return;
    const after = new Set(list(h.required));
    for (const name of list(b.required))
      if (!after.has(name) && isNode(h.properties) && String(name) in h.properties)
        report('property-optional', 'may no longer be returned', `${where}.${String(name)}`);
  },
} as const;

// ---- operation rules: each looks at one pair of operations ----

interface OperationPair {
  readonly base: Node;
  readonly head: Node;
  readonly b: Node;
  readonly h: Node;
  readonly where: string;
  report(rule: RuleId, message: string, where?: string): void;
  schema(b: unknown, h: unknown, side: Side, where: string): void;
}

function jsonMedia(document: Node, holder: unknown): Node | undefined {
  const content = deref(document, holder).node.content;
  return isNode(content) && isNode(content['application/json']) ? content['application/json'] : undefined;
}

/** Header parameters (or response headers) by lower-case name, resolved. */
function requestHeaders(document: Node, operation: Node): Map<string, Node> {
  const headers = new Map<string, Node>();
  for (const raw of list(operation.parameters)) {
    const parameter = deref(document, raw).node;
    if (parameter.in === 'header' && typeof parameter.name === 'string')
      headers.set(parameter.name.toLowerCase(), parameter);
  }
  return headers;
}
function responseHeaders(document: Node, response: unknown): Map<string, Node> {
  const headers = new Map<string, Node>();
  const declared = deref(document, response).node.headers;
  for (const [name, raw] of Object.entries(isNode(declared) ? declared : {}))
    headers.set(name.toLowerCase(), deref(document, raw).node);
  return headers;
}
/** The security a partner must meet: every alternative's scheme names (the operation's, else the document's). */
function securityOf(document: Node, operation: Node): string[] {
  const requirements = operation.security ?? document.security;
  return list(requirements).map((alternative) =>
    Object.keys(isNode(alternative) ? alternative : {})
      .sort()
      .join('+'),
  );
}

const operationRules = {
  /** Its operationId renamed: generated clients name their methods after it. */
  'operation-id-changed'({ b, h, report }: OperationPair) {
    if (typeof b.operationId === 'string' && b.operationId !== h.operationId)
      report('operation-id-changed', `operationId ${b.operationId} became ${String(h.operationId ?? '(none)')}`);
  },
  /** A request header that became required; a request header's format made tighter (the schema rules). */
  'header-required'({ base, head, b, h, where, report, schema }: OperationPair) {
    const before = requestHeaders(base, b);
    for (const [name, parameter] of requestHeaders(head, h)) {
      const old = before.get(name);
      if (parameter.required === true && old?.required !== true)
        report(
          'header-required',
          old === undefined ? 'is new and required' : 'became required',
          `${where} header ${name}`,
        );
      if (old !== undefined) schema(old.schema, parameter.schema, 'request', `${where} header ${name}`);
    }
  },
  /** A request body that is gone (a partner's call now sends what the API does not take) or became required. */
  'request-body-removed'({ base, head, b, h, where, report, schema }: OperationPair) {
    if (b.requestBody === undefined) return;
    const before = jsonMedia(base, b.requestBody);
    const after = jsonMedia(head, h.requestBody);
    if (h.requestBody === undefined || (before !== undefined && after === undefined))
      report('request-body-removed', 'the request body (application/json) was removed');
    else if (before !== undefined && after !== undefined)
      schema(before.schema, after.schema, 'request', `${where} request body`);
  },
  'request-body-required'({ base, head, b, h, report }: OperationPair) {
    if (
      h.requestBody !== undefined &&
      deref(head, h.requestBody).node.required === true &&
      deref(base, b.requestBody).node.required !== true
    )
      report('request-body-required', 'the request body became required');
  },
  /** A documented response status gone: a partner handling it now meets an undocumented answer. */
  'response-removed'({ base, head, b, h, where, report, schema }: OperationPair) {
    const after = isNode(h.responses) ? h.responses : {};
    for (const [status, response] of Object.entries(isNode(b.responses) ? b.responses : {})) {
      if (!(status in after)) {
        report('response-removed', `the ${status} response was removed`, `${where} ${status} response`);
        continue;
      }
      const before = jsonMedia(base, response);
      const now = jsonMedia(head, after[status]);
      if (before !== undefined && now === undefined)
        report('response-removed', 'no longer answers application/json', `${where} ${status} response`);
      if (before !== undefined && now !== undefined)
        schema(before.schema, now.schema, 'response', `${where} ${status} response body`);
    }
  },
  /** A response header gone (Signature: partners verify with it), or its format widened (the schema rules). */
  'response-header-removed'({ base, head, b, h, where, report, schema }: OperationPair) {
    const after = isNode(h.responses) ? h.responses : {};
    for (const [status, response] of Object.entries(isNode(b.responses) ? b.responses : {})) {
      if (!(status in after)) continue;
      const now = responseHeaders(head, after[status]);
      for (const [name, header] of responseHeaders(base, response)) {
        const next = now.get(name);
        if (next === undefined)
          report('response-header-removed', 'is no longer sent', `${where} ${status} response header ${name}`);
        else {
          if (header.required === true && next.required !== true)
            report('response-header-removed', 'may no longer be sent', `${where} ${status} response header ${name}`);
          schema(header.schema, next.schema, 'response', `${where} ${status} response header ${name}`);
        }
      }
    }
  },
  /** A named response example gone or renamed: partners choose outcomes with `Prefer: example=<name>`. */
  'example-removed'({ base, head, b, h, where, report }: OperationPair) {
    const after = isNode(h.responses) ? h.responses : {};
    for (const [status, response] of Object.entries(isNode(b.responses) ? b.responses : {})) {
      const before = jsonMedia(base, response)?.examples;
      const now = jsonMedia(head, after[status])?.examples;
      for (const name of Object.keys(isNode(before) ? before : {}))
        if (!isNode(now) || !(name in now))
          report(
            'example-removed',
            `the ${status} example ${name} (Prefer: example=${name}) is gone`,
            `${where} ${status} response`,
          );
    }
  },
  /** The idempotency key gone or moved to another field: retries would no longer be recognised. */
  'idempotency-key-changed'({ b, h, report }: OperationPair) {
    if (b['x-idempotency-key'] !== undefined && !same(b['x-idempotency-key'], h['x-idempotency-key']))
      report(
        'idempotency-key-changed',
        `x-idempotency-key ${JSON.stringify(b['x-idempotency-key'])} became ${JSON.stringify(h['x-idempotency-key'] ?? null)}`,
      );
  },
  /** Security a partner must now meet that it did not: a requirement added, or an alternative it used gone. */
  'security-changed'({ base, head, b, h, report }: OperationPair) {
    const before = securityOf(base, b);
    const after = securityOf(head, h);
    const lost = before.filter((alternative) => !after.includes(alternative));
    if (lost.length > 0 || (before.length === 0 && after.length > 0))
      report('security-changed', `security ${JSON.stringify(before)} became ${JSON.stringify(after)}`);
  },
} as const;

export type RuleId =
  | keyof typeof schemaRules
  | keyof typeof operationRules
  | 'operation-removed'
  | 'branch-removed'
  | 'branch-added';

/** Every rule's id (scripts/README.md describes each; a test makes sure each has its case). */
export const RULES: readonly RuleId[] = [
  'operation-removed',
  ...(Object.keys(operationRules) as RuleId[]),
  ...(Object.keys(schemaRules) as RuleId[]),
  'branch-removed',
  'branch-added',
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Every change from `base` to `head` that breaks a partner built against `base`. */
export function findBreakingChanges(baseDocument: unknown, headDocument: unknown): BreakingChange[] {
  const base = isNode(baseDocument) ? baseDocument : {};
  const head = isNode(headDocument) ? headDocument : {};
  const changes: BreakingChange[] = [];
  const seen = new Set<string>();
  const report = (rule: RuleId, where: string, message: string) =>
    changes.push({ rule, where, message: `${where}: ${message}` });

  // The walk: every schema rule on a pair, then the pair's children (properties, items, maps, contentSchema
  // documents inside strings such as ruleData, oneOf/anyOf/allOf branches matched by title).
  function schema(baseRaw: unknown, headRaw: unknown, side: Side, where: string): void {
    const bRef = deref(base, baseRaw);
    const hRef = deref(head, headRaw);
    if (bRef.ref && hRef.ref) {
      const key = `${side}|${bRef.ref}|${hRef.ref}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    const b = bRef.node;
    const h = hRef.node;
    const pair: SchemaPair = { b, h, side, where, report: (rule, message, at = where) => report(rule, at, message) };
    for (const rule of Object.values(schemaRules)) rule(pair);
    const bProps = isNode(b.properties) ? b.properties : {};
    const hProps = isNode(h.properties) ? h.properties : {};
    for (const [name, child] of Object.entries(bProps))
      if (name in hProps) schema(child, hProps[name], side, `${where}.${name}`);
    if (b.items !== undefined && h.items !== undefined) schema(b.items, h.items, side, `${where}[]`);
    if (isNode(b.additionalProperties) && isNode(h.additionalProperties))
      schema(b.additionalProperties, h.additionalProperties, side, `${where}.{key}`);
    if (b.contentSchema !== undefined && h.contentSchema !== undefined)
      schema(b.contentSchema, h.contentSchema, side, `${where} →`);
    for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
      const label = (document: Node, raw: unknown, index: number) => {
        const { node, ref } = deref(document, raw);
        return typeof node.title === 'string' ? node.title : ref || String(index);
      };
      const bBranches = list(b[keyword]);
      const hBranches = list(h[keyword]);
      bBranches.forEach((branch, index) => {
        const name = label(base, branch, index);
        const match = hBranches.findIndex((candidate, i) => label(head, candidate, i) === name);
        if (match >= 0) schema(branch, hBranches[match], side, `${where}(${name})`);
        // A request that could take this branch is now refused; a response branch gone is not a break.
        else if (side === 'request')
          report('branch-removed', `${where}(${name})`, `the ${keyword} branch ${name} was removed`);
      });
      if (side === 'response')
        hBranches.forEach((branch, index) => {
          const name = label(head, branch, index);
          if (!bBranches.some((candidate, i) => label(base, candidate, i) === name))
            report('branch-added', `${where}(${name})`, `may now return the ${keyword} branch ${name}`);
        });
    }
  }

  const basePaths = isNode(base.paths) ? base.paths : {};
  const headPaths = isNode(head.paths) ? head.paths : {};
  for (const [path, rawItem] of Object.entries(basePaths)) {
    const baseItem = deref(base, rawItem).node;
    const headItem = deref(head, headPaths[path]).node;
    for (const method of METHODS) {
      const b = baseItem[method];
      if (!isNode(b)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const h = headItem[method];
      if (!isNode(h)) {
        report('operation-removed', where, 'the operation was removed');
        continue;
      }
      const pair: OperationPair = {
        base,
        head,
        b,
        h,
        where,
        report: (rule, message, at = where) => report(rule, at, message),
        schema,
      };
      for (const rule of Object.values(operationRules)) rule(pair);
    }
  }
  return changes;
}

/** The major part of a semantic version, e.g. 2 for `2.1.0`. */
export function majorOf(version: unknown): number {
  const match = /^v?(\d+)\./.exec(String(version));
  if (match === null) throw new Error(`not a semantic version: ${JSON.stringify(version)}`);
  return Number(match[1]);
}

export interface Verdict {
  readonly ok: boolean;
  readonly changes: readonly BreakingChange[];
  readonly baseVersion: string;
  readonly headVersion: string;
}

/** Breaking changes are allowed only with a new major version of `info.version`. */
export function judge(baseDocument: unknown, headDocument: unknown): Verdict {
  const version = (document: unknown) =>
    String((isNode(document) && isNode(document.info) ? document.info.version : undefined) ?? '');
  const changes = findBreakingChanges(baseDocument, headDocument);
  const baseVersion = version(baseDocument);
  const headVersion = version(headDocument);
  const ok = changes.length === 0 || majorOf(headVersion) > majorOf(baseVersion);
  return { ok, changes, baseVersion, headVersion };
}
