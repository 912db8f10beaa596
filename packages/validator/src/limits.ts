// What one validation may cost, bounded before the JSON Schema validator runs: a value that is not JSON (BigInt,
// a cycle, a getter that throws), nesting past MAX_DEPTH, or more than MAX_VALUES values is a violation of its
// own, found by one iterative walk (no recursion: 10,000-deep JSON would overflow the stack).
import type { ContractViolation } from './violations.js';

/** The contract's deepest valid body nests 9 levels (a REDUCE discount's amount inside ruleData). */
export const MAX_DEPTH = 32;
/** Values per body, documents inside ruleData included. The largest plausible valid body holds a few thousand. */
export const MAX_VALUES = 10_000;
/** Violations (and, apart, warnings) listed per body; the rest are counted in a last `+N more`. */
export const MAX_LISTED = 100;

/** Counts the values a validation has walked, so the documents inside ruleData share the body's budget. */
export interface Budget {
  values: number;
}

/** Undefined when `value` is plain JSON within the limits; else the one violation that says what is wrong. */
export function checkShape(value: unknown, budget: Budget, at = '(body)'): ContractViolation | undefined {
  // A lone string (every header's value): one value, nothing to walk, none of the walk's bookkeeping.
  if (typeof value === 'string') return ++budget.values > MAX_VALUES ? tooMany(at) : undefined;
  // Two parallel stacks (values and their depths), no pair allocated a value; `open` holds the objects being
  // walked, outermost first: never more than MAX_DEPTH, so a scan of it finds a cycle without a Set to hash into.
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  const open: unknown[] = [];
  try {
    while (nodes.length > 0) {
      const node = nodes.pop();
      const depth = depths.pop() as number;
      if (node === EXIT) {
        open.pop();
        continue;
      }
      if (++budget.values > MAX_VALUES) return tooMany(at);
      if (depth > MAX_DEPTH) return violation(at, 'maxDepth', `nests deeper than ${MAX_DEPTH} levels`);
      const type = typeof node;
      if (node === null || type === 'string' || type === 'boolean') continue;
      if (type === 'number') {
        if (!Number.isFinite(node)) return violation(at, 'json', `holds ${String(node)}, which JSON cannot carry`);
        continue;
      }
      if (type !== 'object')
        return violation(at, 'json', `holds ${type === 'undefined' ? '' : 'a '}${type}, which is not a JSON value`);
      if (open.includes(node)) return violation(at, 'json', 'is circular: an object contains itself');
      open.push(node);
      nodes.push(EXIT);
      depths.push(depth);
      // Values are read here, once: a getter that throws is caught below.
      for (const item of Array.isArray(node) ? node : Object.values(node as object)) {
        nodes.push(item);
        depths.push(depth + 1);
      }
    }
  } catch (error) {
    return violation(at, 'json', `could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return undefined;
}

const EXIT = Symbol('leave an object');

const tooMany = (at: string) =>
  violation(at, 'maxValues', `holds more than ${MAX_VALUES} values (the validator's bound per body)`);

/** The bounds alone (JSON only, depth, values), for a caller that validates some other way (the strict mock). */
export function checkBounds(value: unknown): ContractViolation | undefined {
  return checkShape(value, { values: 0 });
}

function violation(field: string, rule: string, text: string): ContractViolation {
  return { field, rule, message: `${field}: ${text}` };
}

/** The first MAX_LISTED items, then one `+N more` entry naming what was left out. */
export function listed(items: readonly ContractViolation[], what: string): ContractViolation[] {
  if (items.length <= MAX_LISTED) return [...items];
  const rest = items.length - MAX_LISTED;
  return [
    ...items.slice(0, MAX_LISTED),
    { field: '(body)', rule: 'maxListed', message: `(body): +${rest} more ${what} not listed` },
  ];
}
