// What in a new bundle breaks partners built against an old one. Requests and responses are judged differently:
// a request breaks when the API accepts less than before (a partner's valid call is now refused); a response
// breaks when a partner may receive what it was not promised (a field gone, a new enum value, another type).

type Node = Record<string, unknown>;

export interface BreakingChange {
  readonly rule:
    | 'operation-removed'
    | 'property-removed'
    | 'property-required'
    | 'property-optional'
    | 'enum-narrowed'
    | 'enum-widened'
    | 'limit-narrowed'
    | 'type-changed'
    | 'properties-closed'
    | 'header-required';
  /** Where, e.g. `POST /v2/pos/syncStore request body.store.posStoreId`. */
  readonly where: string;
  readonly message: string;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function deref(document: Node, value: unknown): { node: Node; ref: string } {
  let node = value;
  let ref = '';
  for (let hops = 0; isNode(node) && typeof node.$ref === 'string' && hops < 32; hops++) {
    ref = node.$ref;
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (at, key) => (isNode(at) ? at[key.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined),
        document,
      );
  }
  return { node: isNode(node) ? node : {}, ref };
}

const typesOf = (schema: Node): string[] =>
  Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];

type Side = 'request' | 'response';

// Limits that, made tighter, refuse requests that passed before: [keyword, direction].
const UPPER = ['maxLength', 'maxItems', 'maximum', 'maxProperties'] as const;
const LOWER = ['minLength', 'minItems', 'minimum', 'minProperties'] as const;

class Comparison {
  readonly changes: BreakingChange[] = [];
  readonly #seen = new Set<string>();
  readonly base: Node;
  readonly head: Node;
  // Plain fields, not parameter properties: scripts run on Node's type stripping.
  constructor(base: Node, head: Node) {
    this.base = base;
    this.head = head;
  }

  report(rule: BreakingChange['rule'], where: string, message: string): void {
    this.changes.push({ rule, where, message: `${where}: ${message}` });
  }

  schema(baseRaw: unknown, headRaw: unknown, side: Side, where: string): void {
    const base = deref(this.base, baseRaw);
    const head = deref(this.head, headRaw);
    const key = `${side}|${base.ref}|${head.ref}|${base.ref || head.ref ? '' : where}`;
    if (base.ref && head.ref) {
      if (this.#seen.has(key)) return;
      this.#seen.add(key);
    }
    const b = base.node;
    const h = head.node;

    const bTypes = typesOf(b);
    const hTypes = typesOf(h);
    const lost = bTypes.filter((t) => !hTypes.includes(t) && !(t === 'integer' && hTypes.includes('number')));
    const gained = hTypes.filter((t) => !bTypes.includes(t) && !(t === 'integer' && bTypes.includes('number')));
    if (bTypes.length > 0 && hTypes.length > 0 && (side === 'request' ? lost.length > 0 : gained.length > 0)) {
      this.report('type-changed', where, `type ${bTypes.join('|')} became ${hTypes.join('|')}`);
    }

    if (Array.isArray(b.enum) || Array.isArray(h.enum)) {
      const bEnum = Array.isArray(b.enum) ? b.enum : undefined;
      const hEnum = Array.isArray(h.enum) ? h.enum : undefined;
      if (side === 'request' && hEnum !== undefined) {
        const removed = bEnum === undefined ? ['(any value)'] : bEnum.filter((v) => !hEnum.includes(v));
        if (removed.length > 0)
          this.report('enum-narrowed', where, `no longer accepts ${removed.map((v) => JSON.stringify(v)).join(', ')}`);
      }
      if (side === 'response' && bEnum !== undefined) {
        const added = hEnum === undefined ? ['(any value)'] : hEnum.filter((v) => !bEnum.includes(v));
        if (added.length > 0)
          this.report('enum-widened', where, `may now return ${added.map((v) => JSON.stringify(v)).join(', ')}`);
      }
    }

    if (side === 'request') {
      for (const keyword of UPPER) {
        const was = b[keyword];
        const now = h[keyword];
        if (typeof now === 'number' && (typeof was !== 'number' || now < was)) {
          this.report('limit-narrowed', where, `${keyword} ${typeof was === 'number' ? was : 'none'} became ${now}`);
        }
      }
      for (const keyword of LOWER) {
        const was = b[keyword];
        const now = h[keyword];
        if (typeof now === 'number' && (typeof was !== 'number' || now > was)) {
          this.report('limit-narrowed', where, `${keyword} ${typeof was === 'number' ? was : 'none'} became ${now}`);
        }
      }
      for (const keyword of ['pattern', 'format', 'const'] as const) {
        if (h[keyword] !== undefined && JSON.stringify(h[keyword]) !== JSON.stringify(b[keyword])) {
          this.report(
            'limit-narrowed',
            where,
            `${keyword} ${JSON.stringify(b[keyword] ?? null)} became ${JSON.stringify(h[keyword])}`,
          );
        }
      }
      if (h.additionalProperties === false && b.additionalProperties !== false && isNode(b.properties)) {
        this.report('properties-closed', where, 'no longer accepts properties it does not list');
      }
    }

    const bProps = isNode(b.properties) ? b.properties : {};
    const hProps = isNode(h.properties) ? h.properties : {};
    const bRequired = new Set(Array.isArray(b.required) ? (b.required as string[]) : []);
    const hRequired = new Set(Array.isArray(h.required) ? (h.required as string[]) : []);
    for (const [name, schema] of Object.entries(bProps)) {
      const at = `${where}.${name}`;
      if (!(name in hProps)) {
        // A strict request refuses a field it no longer lists; an open one ignores it.
        if (side === 'response' || h.additionalProperties === false) {
          this.report('property-removed', at, side === 'response' ? 'is no longer returned' : 'is no longer accepted');
        }
        continue;
      }
      this.schema(schema, hProps[name], side, at);
    }
    if (side === 'request') {
      for (const name of hRequired) {
        if (!bRequired.has(name))
          this.report(
            'property-required',
            `${where}.${name}`,
            name in bProps ? 'became required' : 'is new and required',
          );
      }
    } else {
      for (const name of bRequired) {
        if (!hRequired.has(name) && name in hProps)
          this.report('property-optional', `${where}.${name}`, 'may no longer be returned');
      }
    }

    if (b.items !== undefined && h.items !== undefined) this.schema(b.items, h.items, side, `${where}[]`);
    if (isNode(b.additionalProperties) && isNode(h.additionalProperties)) {
      this.schema(b.additionalProperties, h.additionalProperties, side, `${where}.{key}`);
    }
    if (b.contentSchema !== undefined && h.contentSchema !== undefined) {
      this.schema(b.contentSchema, h.contentSchema, side, `${where} → `);
    }
    for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
      const bBranches = Array.isArray(b[keyword]) ? (b[keyword] as unknown[]) : [];
      const hBranches = Array.isArray(h[keyword]) ? (h[keyword] as unknown[]) : [];
      const label = (document: Node, raw: unknown, index: number) => {
        const { node, ref } = deref(document, raw);
        return typeof node.title === 'string' ? node.title : ref || String(index);
      };
      bBranches.forEach((branch, index) => {
        const name = label(this.base, branch, index);
        const match = hBranches.findIndex((candidate, i) => label(this.head, candidate, i) === name);
        if (match === -1) {
          // A request that could take this branch is now refused; a response branch gone is not a break.
          if (side === 'request')
            this.report('enum-narrowed', `${where}(${name})`, `the ${keyword} branch ${name} was removed`);
        } else this.schema(branch, hBranches[match], side, `${where}(${name})`);
      });
      if (side === 'response') {
        hBranches.forEach((branch, index) => {
          const name = label(this.head, branch, index);
          if (!bBranches.some((candidate, i) => label(this.base, candidate, i) === name)) {
            this.report('enum-widened', `${where}(${name})`, `may now return the ${keyword} branch ${name}`);
          }
        });
      }
    }
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function jsonSchemaOf(document: Node, holder: unknown): unknown {
  const content = deref(document, holder).node.content;
  return isNode(content) && isNode(content['application/json']) ? content['application/json'].schema : undefined;
}

function headersOf(document: Node, operation: Node): Map<string, boolean> {
  const headers = new Map<string, boolean>();
  for (const raw of Array.isArray(operation.parameters) ? operation.parameters : []) {
    const parameter = deref(document, raw).node;
    if (parameter.in === 'header' && typeof parameter.name === 'string') {
      headers.set(parameter.name.toLowerCase(), parameter.required === true);
    }
  }
  return headers;
}

/** Every change from `base` to `head` that breaks a partner built against `base`. */
export function findBreakingChanges(baseDocument: unknown, headDocument: unknown): BreakingChange[] {
  const base = isNode(baseDocument) ? baseDocument : {};
  const head = isNode(headDocument) ? headDocument : {};
  const comparison = new Comparison(base, head);
  const basePaths = isNode(base.paths) ? base.paths : {};
  const headPaths = isNode(head.paths) ? head.paths : {};
  for (const [path, rawItem] of Object.entries(basePaths)) {
    const baseItem = deref(base, rawItem).node;
    const headItem = deref(head, headPaths[path]).node;
    for (const method of METHODS) {
      const operation = baseItem[method];
      if (!isNode(operation)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const next = headItem[method];
      if (!isNode(next)) {
        comparison.report('operation-removed', where, 'the operation was removed');
        continue;
      }
      const bHeaders = headersOf(base, operation);
      for (const [name, required] of headersOf(head, next)) {
        if (required && bHeaders.get(name) !== true)
          comparison.report('header-required', `${where} header ${name}`, 'became required');
      }
      const baseBody = jsonSchemaOf(base, operation.requestBody);
      const headBody = jsonSchemaOf(head, next.requestBody);
      if (baseBody !== undefined && headBody !== undefined)
        comparison.schema(baseBody, headBody, 'request', `${where} request body`);
      const baseResponses = isNode(operation.responses) ? operation.responses : {};
      const headResponses = isNode(next.responses) ? next.responses : {};
      for (const [status, response] of Object.entries(baseResponses)) {
        const before = jsonSchemaOf(base, response);
        const after = jsonSchemaOf(head, headResponses[status]);
        if (before !== undefined && after !== undefined)
          comparison.schema(before, after, 'response', `${where} ${status} response body`);
      }
    }
  }
  return comparison.changes;
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
