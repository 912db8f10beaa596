// Validates bodies against the bundled contract with a JSON Schema 2020-12 validator.
import bundledDocument from '@store-api/spec/openapi.json' with { type: 'json' };
import type { operations } from '@store-api/types';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { DataValidateFunction } from 'ajv/dist/types/index.js';
import addFormatsModule from 'ajv-formats';
import {
  ContractDocumentError,
  type ContractLimits,
  deref,
  type HeaderContract,
  isObject,
  type OperationContract,
  readLimits,
  readOperations,
} from './contract.js';
import { type Budget, checkShape, listed, MAX_LISTED } from './limits.js';
import {
  type ContractViolation,
  fieldName,
  nested,
  toViolations,
  unknownFieldWarning,
  warningsOf,
  warnRules,
} from './violations.js';

export {
  type BodyContract,
  ContractDocumentError,
  type ContractLimits,
  type DocumentedResult,
  documentedResults,
  type HeaderContract,
  type NamedExample,
  type OperationContract,
  RESULT_MESSAGE_WRITE_LIMIT,
  readLimits,
  readOperations,
  resolvePointer,
} from './contract.js';
export { checkBounds, MAX_DEPTH, MAX_LISTED, MAX_VALUES } from './limits.js';
export { type ContractViolation, closestName, fieldName } from './violations.js';

/** The operations of the contract, by `operationId`. */
export type OperationId = keyof operations & string;

/**
 * `violations` break the contract. `warnings` are what the real API may well accept but the vendor's pages do not
 * show: fields the contract does not know in objects whose full field list is not public (`x-unknown-fields: warn`),
 * and values outside the form the pages show where they publish no rule (`x-warn`). They do not fail.
 */
export type ValidationResult =
  | { readonly valid: true; readonly warnings: readonly ContractViolation[] }
  | {
      readonly valid: false;
      readonly violations: readonly ContractViolation[];
      readonly warnings: readonly ContractViolation[];
    };

export interface ValidatorOptions {
  /** Report warnings as violations too (a partner who wants to send only fields the contract describes). */
  readonly warningsAsErrors?: boolean;
}

export interface Validator {
  /** Every operation of the document, with its body schemas and named examples. */
  readonly operations: readonly OperationContract[];
  /** The contract's length limits: syncStore's requestId, and the length the mock keeps a resultMessage within. */
  readonly limits: ContractLimits;
  /** Checks a request body: strict, so an unknown or misspelt field is a violation. */
  validateRequest(operationId: OperationId, body: unknown): ValidationResult;
  /** Checks a response body: open, so fields added later are let through. */
  validateResponse(operationId: OperationId, body: unknown, status?: string): ValidationResult;
  /** Checks a value against a named component schema, e.g. `DeliveryDistanceRuleData`. */
  validateSchema(schemaName: string, value: unknown): ValidationResult;
  /**
   * Checks request headers (names case-insensitive): each declared header's format, and the presence of the
   * required ones. Violations name the field `header <Name>`.
   */
  validateHeaders(operationId: OperationId, headers: Readonly<Record<string, string | undefined>>): ValidationResult;
}

export class UnknownOperationError extends Error {
  override readonly name = 'UnknownOperationError';
  constructor(readonly operationId: string) {
    super(`the contract has no operation ${JSON.stringify(operationId)}`);
  }
}

export class UnknownSchemaError extends Error {
  override readonly name = 'UnknownSchemaError';
  constructor(readonly schemaName: string) {
    super(`the contract has no schema ${JSON.stringify(schemaName)}`);
  }
}

const DOCUMENT_ID = 'urn:store-api:openapi';
const UPPER_CASE = /[A-Z]/;
// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Ajv reads `discriminator` but not its `mapping` (the docs and the types need it): drop it from a copy. */
function withoutDiscriminatorMappings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDiscriminatorMappings);
  if (!isObject(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator' && isObject(value)) {
      const { mapping: _mapping, ...rest } = value;
      copy[key] = rest;
    } else {
      copy[key] = withoutDiscriminatorMappings(value);
    }
  }
  return copy;
}

/**
 * Every `$ref` inside the document's schemas replaced by (a copy of) what it points to, except under
 * `contentSchema`, which the keyword below resolves itself. Ajv runs a referenced schema as a function of its own
 * and appends that function's errors to the caller's with `concat`: a body with 10,000 failing items took 1.5 s
 * (quadratic); inlined, 10 ms. The bundle's schemas form no cycle; a deep chain is refused rather than followed.
 */
function inlineRefs(document: Record<string, unknown>): Record<string, unknown> {
  const inline = (node: unknown, depth: number): unknown => {
    if (depth > 64) throw new ContractDocumentError('a $ref chain deeper than 64 (a cycle?)');
    if (Array.isArray(node)) return node.map((item) => inline(item, depth));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/')) {
      const { $ref, ...siblings } = node;
      const target = inline(deref(document, { $ref }), depth + 1);
      return Object.keys(siblings).length === 0 ? target : { ...(target as object), ...siblings };
    }
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) copy[key] = key === 'contentSchema' ? value : inline(value, depth);
    return copy;
  };
  const { paths, components, ...rest } = document;
  return { ...rest, paths: inline(paths, 0), components: inline(components, 0) };
}

export function createValidator(document: unknown = bundledDocument, options: ValidatorOptions = {}): Validator {
  const operationList = readOperations(document);
  const prepared = inlineRefs(withoutDiscriminatorMappings(document) as Record<string, unknown>);
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    // No meta-schema check when the document is added: it would see only the root, an OpenAPI document whose
    // schemas sit under keywords the meta-schema does not know, so it checked nothing and cost about 30 ms of every
    // start (compiling the meta-schema). Each schema is checked by Ajv's strict compile when first used
    // (test/meta-schema.test.ts).
    validateSchema: false,
  });
  addFormats(ajv);
  // OpenAPI's own annotations inside schemas, and the document's top-level fields: the document is added whole
  // (so its local $refs resolve) and Ajv compiles its root when resolving a fragment.
  ajv.addVocabulary(['example', 'xml', 'externalDocs']);
  // Looked up in RULES, not with getKeyword, which answers false for a keyword without a definition (the three
  // above): a document with a top-level externalDocs added it twice and threw.
  ajv.addVocabulary(Object.keys(prepared).filter((key) => ajv.RULES.keywords[key] === undefined));

  // The values a discriminator accepts, for a message that lists them. Ajv compiles a discriminator only with a
  // oneOf whose every branch has `properties/<tag>` holding a const or an enum (verbose: the schema is on the error).
  const enrich = (errors: readonly ErrorObject[] | null | undefined): ErrorObject[] =>
    (errors ?? []).map((error) => {
      if (error.keyword !== 'discriminator') return error;
      const tag = String((error.params as { tag?: unknown }).tag);
      const { oneOf } = error.parentSchema as { oneOf: unknown[] };
      const allowedValues = oneOf.flatMap((branch) => {
        const { properties } = deref(prepared, branch) as { properties: Record<string, unknown> };
        const property = properties[tag] as { const?: unknown; enum?: unknown[] };
        return property.const === undefined ? (property.enum as unknown[]) : [property.const];
      });
      return { ...error, params: { ...error.params, allowedValues } };
    });
  const violationsOf = (errors: readonly ErrorObject[] | null | undefined) => toViolations(enrich(errors));

  // Warnings never fail a schema, so they cannot be Ajv errors (a failing branch would flip a oneOf or an if):
  // the keyword reports them here, for the one validation under way.
  let warnings: ContractViolation[] = [];
  let budget: Budget = { values: 0 };
  ajv.addKeyword({
    keyword: 'x-unknown-fields',
    schemaType: 'string',
    compile(policy: string, parentSchema: Record<string, unknown>) {
      if (policy !== 'warn' && policy !== 'allow')
        throw new Error(`x-unknown-fields must be warn or allow (got ${policy})`);
      const known = Object.keys(isObject(parentSchema.properties) ? parentSchema.properties : {});
      const owner = typeof parentSchema.title === 'string' ? parentSchema.title : 'this object';
      return (data: unknown, context?: { instancePath?: string }) => {
        if (policy === 'allow' || !isObject(data)) return true;
        for (const key of Object.keys(data)) {
          if (known.includes(key)) continue;
          // Past the listed ones only the count matters: no "did you mean" search for 40,000 keys.
          warnings.push(
            warnings.length < MAX_LISTED
              ? unknownFieldWarning(fieldName(context?.instancePath ?? ''), key, owner, known)
              : { field: '', rule: 'x-unknown-fields', message: '' },
          );
        }
        return true;
      };
    },
  });
  // A value the plain schema accepts but the pages never show (an IANA time zone, a period ending at 24:00): each
  // rule's `unless` is the form the pages show, and a value outside it is named in a warning.
  // The `unless` forms stand alone (a `required` without its `properties`), so they are compiled apart, made once.
  let formsAjv: Ajv2020 | undefined;
  const compileForm = (schema: Record<string, unknown>): ValidateFunction => {
    if (formsAjv === undefined) {
      formsAjv = new Ajv2020({
        allErrors: true,
        verbose: true,
        strict: true,
        strictRequired: false,
        strictTypes: false,
      });
      addFormats(formsAjv);
    }
    return formsAjv.compile(schema);
  };
  ajv.addKeyword({
    keyword: 'x-warn',
    schemaType: 'array',
    compile(rules: unknown) {
      const checks = warnRules(rules).map((rule) => ({ rule, shown: undefined as ValidateFunction | undefined }));
      return (data: unknown, context?: { instancePath?: string }) => {
        for (const check of checks) {
          check.shown ??= compileForm(check.rule.unless);
          if (check.shown(data)) continue;
          const at = fieldName(context?.instancePath ?? '');
          for (const warning of warningsOf(at, check.rule, check.shown.errors))
            warnings.push(warnings.length < MAX_LISTED ? warning : { field: '', rule: 'x-warn', message: '' });
        }
        return true;
      };
    },
  });
  // A pattern said in words (`x-pattern-words`): what a reader is told instead of the regular expression.
  ajv.addKeyword({ keyword: 'x-pattern-words', schemaType: 'string' });
  // A JSON object with a limit on its serialised length (syncStore's extendInfo: "Maximum length: 4096").
  ajv.addKeyword({
    keyword: 'x-max-json-length',
    schemaType: 'number',
    errors: true,
    compile(limit: number) {
      const validate: DataValidateFunction = (data: unknown) => {
        const length = [...(JSON.stringify(data) ?? '')].length;
        if (length <= limit) return true;
        validate.errors = [{ keyword: 'x-max-json-length', params: { limit, length } }];
        return false;
      };
      return validate;
    },
  });

  // A string whose content is JSON (contentMediaType application/json) is parsed and checked against its
  // contentSchema, which JSON Schema leaves to the application: ruleData and discountValue need it.
  ajv.removeKeyword('contentSchema');
  ajv.addKeyword({
    keyword: 'contentSchema',
    schemaType: 'object',
    errors: true,
    compile(schema: Record<string, unknown>) {
      const ref = schema.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#/')) {
        throw new Error('contentSchema must be a $ref to a schema of the document');
      }
      let inner: ValidateFunction | undefined;
      const validate: DataValidateFunction = (data: unknown, context?: { instancePath?: string }) => {
        if (typeof data !== 'string') return true; // `type` reports it
        let parsed: unknown;
        try {
          parsed = JSON.parse(data);
        } catch {
          // The parser's own wording differs between engines; keep the message stable.
          validate.errors = [
            {
              keyword: 'contentSchema',
              params: {
                violations: [
                  {
                    field: '(body)',
                    rule: 'contentMediaType',
                    message: '(body): must be a string holding a JSON document',
                  },
                ],
              },
            },
          ];
          return false;
        }
        const shape = checkShape(parsed, budget);
        if (shape !== undefined) {
          validate.errors = [{ keyword: 'contentSchema', params: { violations: [shape] } }];
          return false;
        }
        inner ??= ajv.getSchema(`${DOCUMENT_ID}${ref}`);
        if (inner === undefined) throw new UnknownSchemaError(ref);
        // The document's own warnings are named from inside it: `ruleData → [0].schedules…`.
        const outer = warnings;
        warnings = [];
        const valid = inner(parsed);
        const at = fieldName(context?.instancePath ?? '');
        for (const w of warnings) outer.push(nested(at, w));
        warnings = outer;
        if (valid) return true;
        validate.errors = [{ keyword: 'contentSchema', params: { violations: violationsOf(inner.errors) } }];
        return false;
      };
      return validate;
    },
  });
  ajv.addSchema({ ...prepared, $id: DOCUMENT_ID });

  const compiled = new Map<string, ValidateFunction>();
  const check = (schemaPointer: string, value: unknown): ValidationResult => {
    let validate = compiled.get(schemaPointer);
    if (validate === undefined) {
      validate = ajv.getSchema(`${DOCUMENT_ID}#${schemaPointer}`);
      if (validate === undefined) throw new UnknownSchemaError(schemaPointer);
      compiled.set(schemaPointer, validate);
    }
    budget = { values: 0 };
    const shape = checkShape(value, budget);
    if (shape !== undefined) return { valid: false, violations: [shape], warnings: [] };
    warnings = [];
    const valid = validate(value);
    let found = listed(warnings, 'warnings');
    warnings = [];
    const violations = valid ? [] : violationsOf(validate.errors);
    // A field that is refused is not also warned about (a garbage date-time is not "without an offset").
    if (violations.length > 0) {
      const refused = new Set(violations.map((v) => v.field));
      found = found.filter((w) => !refused.has(w.field));
    }
    if (options.warningsAsErrors === true) violations.push(...found);
    return violations.length === 0
      ? { valid: true, warnings: found }
      : { valid: false, violations, warnings: options.warningsAsErrors === true ? [] : found };
  };
  const operation = (operationId: string): OperationContract => {
    const found = operationList.find((op) => op.operationId === operationId);
    if (found === undefined) throw new UnknownOperationError(operationId);
    return found;
  };
  const schemas =
    isObject(prepared.components) && isObject(prepared.components.schemas) ? prepared.components.schemas : {};

  let limits: ContractLimits | undefined;
  /** Each operation's headers with their lower-case name and field name, made on the first check (one per operation). */
  const headerPlans = new Map<string, (HeaderContract & { lower: string; field: string })[]>();
  return {
    operations: operationList,
    // Read on first use: a document without these schemas (a test's minimal one) still validates.
    get limits() {
      limits ??= readLimits(document);
      return limits;
    },
    validateRequest: (operationId, body) => check(operation(operationId).request.schemaPointer, body),
    validateResponse: (operationId, body, status = '200') => {
      const response = operation(operationId).responses[status];
      if (response === undefined) throw new UnknownSchemaError(`${operationId} response ${status}`);
      return check(response.schemaPointer, body);
    },
    validateHeaders: (operationId, headers) => {
      let plan = headerPlans.get(operationId);
      if (plan === undefined) {
        plan = operation(operationId).headers.map((header) => ({
          ...header,
          lower: header.name.toLowerCase(),
          field: `header ${header.name}`,
        }));
        headerPlans.set(operationId, plan);
      }
      // Names match case-insensitively, the last of two spellings winning. Node names every header in lower case:
      // then each is read by its name; only otherwise is a lower-cased copy of them all made (making it on every
      // call was a third of this check's cost under load).
      let byLowerName: Map<string, string | undefined> | undefined;
      for (const name in headers)
        if (UPPER_CASE.test(name)) {
          byLowerName = new Map(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
          break;
        }
      const violations: ContractViolation[] = [];
      for (const header of plan) {
        const { field } = header;
        const value =
          byLowerName === undefined
            ? Object.hasOwn(headers, header.lower)
              ? headers[header.lower]
              : undefined
            : byLowerName.get(header.lower);
        // An empty header is no header (the vendor's Go SDK always sends Agent-Token, empty when it has none).
        if (value === undefined || value === '') {
          if (header.required) violations.push({ field, rule: 'required', message: `${field}: is required` });
          continue;
        }
        if (header.schemaPointer === undefined) continue;
        const result = check(header.schemaPointer, value);
        if (!result.valid) {
          for (const v of result.violations)
            violations.push({ ...v, field, message: `${field}${v.message.slice(v.field.length)}` });
        }
      }
      return violations.length === 0 ? { valid: true, warnings: [] } : { valid: false, violations, warnings: [] };
    },
    validateSchema: (schemaName, value) => {
      if (typeof schemaName !== 'string' || !Object.hasOwn(schemas, schemaName))
        throw new UnknownSchemaError(String(schemaName));
      return check(`/components/schemas/${schemaName}`, value);
    },
  };
}
