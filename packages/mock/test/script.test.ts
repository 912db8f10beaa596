// Scripts on their own (WireMock's ScenariosTest): which script answers which request, with which step, how many
// times; and checkScript's message for every mistake a test can make writing one.
import { describe, expect, it } from 'vitest';
import {
  at,
  checkScript,
  MAX_FAULT_MS,
  MAX_MATCH_FIELDS,
  MAX_SCRIPT_BYTES,
  MAX_SCRIPTS,
  matches,
  ScriptError,
  type ScriptInput,
  Scripts,
} from '../src/script.js';

const OUTCOMES = { syncStore: ['SUCCESS', 'UNKNOWN_EXCEPTION', 'PROCESS_FAIL'], updateStore: ['SUCCESS'] };
const body = { requestId: 'r-1', store: { posStoreId: 's-9', tags: ['a', 'b'] }, count: 3, none: null };

describe('at: the value at a dotted path', () => {
  it.each<[string, unknown]>([
    ['requestId', 'r-1'],
    ['store.posStoreId', 's-9'],
    ['store.tags.1', 'b'],
    ['store.missing', undefined],
    ['requestId.length', undefined],
    ['none.field', undefined],
    ['count.toFixed', undefined],
  ])('%s', (path, want) => {
    expect(at(body, path)).toEqual(want);
  });
});

describe('matches: every named value, compared as JSON', () => {
  it.each<[string, Record<string, unknown> | undefined, boolean]>([
    ['no match at all', undefined, true],
    ['an empty match', {}, true],
    ['one value', { requestId: 'r-1' }, true],
    ['a nested value', { 'store.posStoreId': 's-9' }, true],
    ['a whole list', { 'store.tags': ['a', 'b'] }, true],
    ['a list in another order', { 'store.tags': ['b', 'a'] }, false],
    ['the number as text', { count: '3' }, false],
    ['null for null', { none: null }, true],
    ['one of two values wrong', { requestId: 'r-1', count: 4 }, false],
    ['a path the body lacks, asked as null', { missing: null }, false],
  ])('%s', (_name, match, want) => {
    expect(matches(body, match)).toBe(want);
  });

  it('reads each path once for every match that names it, however many share the values seen', () => {
    const seen = new Map();
    expect(matches(body, { requestId: 'r-1' }, seen)).toBe(true);
    expect(matches(body, { requestId: 'r-2' }, seen)).toBe(false);
    expect(matches(body, { requestId: 'r-1', count: 3 }, seen)).toBe(true);
    expect([...seen.keys()]).toEqual(['requestId', 'count']);
  });

  it('matches nothing in a value JSON cannot encode, not even a match on the path being absent', () => {
    const odd = { n: 10n };
    expect(matches(odd, { n: undefined })).toBe(false);
    expect(matches(odd, { other: undefined })).toBe(true);
  });
});

describe('checkScript names every mistake, with the field and the rule', () => {
  const valid: ScriptInput = { operationId: 'syncStore', steps: ['SUCCESS'] };
  const steps = (n: number) => Array.from({ length: n }, () => 'SUCCESS');
  /** A script whose JSON is exactly MAX_SCRIPT_BYTES long. */
  const exactSize = (() => {
    const empty = { ...valid, match: { requestId: '' } };
    return { ...valid, match: { requestId: 'x'.repeat(MAX_SCRIPT_BYTES - JSON.stringify(empty).length) } };
  })();
  const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));

  it.each<[string, unknown, string]>([
    ['null', null, 'a script must be an object'],
    ['a text', 'syncStore', 'a script must be an object'],
    [
      'an unknown field',
      { ...valid, step: [] },
      'script.step is not a script field; the fields are operationId, steps, match, times',
    ],
    [
      'an unknown operation',
      { ...valid, operationId: 'deleteStore' },
      'script.operationId must be one of syncStore, updateStore (got "deleteStore")',
    ],
    [
      'an operation that is not text',
      { ...valid, operationId: 7 },
      'script.operationId must be one of syncStore, updateStore (got 7)',
    ],
    [
      'an operation named inside a list',
      { ...valid, operationId: ['syncStore'] },
      'script.operationId must be one of syncStore, updateStore (got ["syncStore"])',
    ],
    [
      'no operation',
      { steps: ['SUCCESS'] },
      'script.operationId must be one of syncStore, updateStore (got undefined)',
    ],
    ['steps that are not a list', { ...valid, steps: 'SUCCESS' }, 'script.steps must be a list of 1 to 100 steps'],
    ['no steps', { ...valid, steps: [] }, 'script.steps must be a list of 1 to 100 steps'],
    ['101 steps', { ...valid, steps: steps(101) }, 'script.steps must be a list of 1 to 100 steps'],
    [
      'a step that is a number',
      { ...valid, steps: ['SUCCESS', 5] },
      'script.steps[1] must be an outcome name or { outcome?, fault? }',
    ],
    [
      'a step that is null',
      { ...valid, steps: [null] },
      'script.steps[0] must be an outcome name or { outcome?, fault? }',
    ],
    [
      'an outcome of another operation',
      { operationId: 'updateStore', steps: ['PROCESS_FAIL'] },
      'script.steps[0]: "PROCESS_FAIL" is not an outcome of updateStore; its outcomes are SUCCESS',
    ],
    [
      'an unknown outcome in an object',
      { ...valid, steps: [{ outcome: 'NOPE' }] },
      'script.steps[0]: "NOPE" is not an outcome of syncStore; its outcomes are SUCCESS, UNKNOWN_EXCEPTION, PROCESS_FAIL',
    ],
    ['an empty step', { ...valid, steps: [{}] }, 'script.steps[0] needs an outcome or a fault'],
    [
      'a fault of no known kind',
      { ...valid, steps: [{ fault: { kind: 'explode' } }] },
      'script.steps[0].fault.kind must be one of delay, hang, reset, empty, truncated, http',
    ],
    [
      'a fault that is null',
      { ...valid, steps: [{ fault: null }] },
      'script.steps[0].fault.kind must be one of delay, hang, reset, empty, truncated, http',
    ],
    [
      'a delay without ms',
      { ...valid, steps: [{ fault: { kind: 'delay' } }] },
      `script.steps[0].fault.ms must be a whole number of milliseconds from 0 to ${MAX_FAULT_MS}`,
    ],
    [
      'a negative delay',
      { ...valid, steps: [{ fault: { kind: 'delay', ms: -1 } }] },
      'script.steps[0].fault.ms must be a whole number',
    ],
    [
      'a delay of part of a millisecond',
      { ...valid, steps: [{ fault: { kind: 'delay', ms: 1.5 } }] },
      'script.steps[0].fault.ms must be a whole number',
    ],
    [
      'a delay past the longest',
      { ...valid, steps: [{ fault: { kind: 'delay', ms: MAX_FAULT_MS + 1 } }] },
      'script.steps[0].fault.ms must be a whole number',
    ],
    [
      'an HTTP status no proxy sends',
      { ...valid, steps: [{ fault: { kind: 'http', status: 500 } }] },
      'script.steps[0].fault.status must be 429, 502 or 503 (got 500)',
    ],
    [
      'an outcome after a reset',
      { ...valid, steps: [{ outcome: 'SUCCESS', fault: { kind: 'reset' } }] },
      'script.steps[0]: only a delay fault may be followed by an outcome (a reset answers nothing)',
    ],
    [
      'a match that is a list',
      { ...valid, match: ['requestId'] },
      'script.match must be an object of dotted body paths to values, e.g. { "requestId": "r-1" }',
    ],
    ['a match that is null', { ...valid, match: null }, 'script.match must be an object of dotted body paths'],
    ['a match that is text', { ...valid, match: 'r-1' }, 'script.match must be an object of dotted body paths'],
    [
      'a match of too many fields',
      { ...valid, match: fields(MAX_MATCH_FIELDS + 1) },
      `script.match may name at most ${MAX_MATCH_FIELDS} fields (got ${MAX_MATCH_FIELDS + 1})`,
    ],
    [
      'times zero',
      { ...valid, times: 0 },
      'script.times must be a whole number from 1 to 1000000, or "always" (got 0)',
    ],
    [
      'times past a million',
      { ...valid, times: 1_000_001 },
      'script.times must be a whole number from 1 to 1000000, or "always" (got 1000001)',
    ],
    ['times of part of a request', { ...valid, times: 1.5 }, '(got 1.5)'],
    ['times as a word other than always', { ...valid, times: 'forever' }, '(got "forever")'],
    [
      'a script too large to hold',
      { ...valid, match: { requestId: 'x'.repeat(MAX_SCRIPT_BYTES) } },
      `a script may be at most ${MAX_SCRIPT_BYTES} bytes as JSON (got `,
    ],
    [
      'a match nested past the bound',
      { ...valid, match: { a: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) } },
      'the script is too large to hold: nests deeper than 32 levels',
    ],
  ])('refuses %s', (_name, input, message) => {
    const thrown = (() => {
      try {
        checkScript(input, OUTCOMES);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ScriptError);
    expect((thrown as ScriptError).name).toBe('ScriptError');
    expect((thrown as ScriptError).message).toContain(message);
  });

  // Known bug (issue 24 report): the operation is looked up in a plain object, so a name every object has
  // (constructor, toString, __proto__) passes the operationId check and the step check then throws a TypeError, not a
  // ScriptError naming the field. Drop `.fails` once checkScript refuses it.
  it.each(['constructor', 'toString', '__proto__'])(
    'refuses an operationId every object has (%s) with a ScriptError naming the field',
    (operationId) => {
      expect(() => checkScript({ operationId, steps: ['SUCCESS'] }, OUTCOMES)).toThrow(
        new ScriptError(
          `script.operationId must be one of syncStore, updateStore (got ${JSON.stringify(operationId)})`,
        ),
      );
    },
  );

  it.each<[string, unknown]>([
    ['one outcome', valid],
    ['an outcome in an object, with no fault', { ...valid, steps: [{ outcome: 'PROCESS_FAIL' }] }],
    ['a script of exactly the largest size', exactSize],
    ['100 steps', { ...valid, steps: steps(100) }],
    [
      'a delay of 0 and of the longest, then an outcome',
      {
        ...valid,
        steps: [
          { fault: { kind: 'delay', ms: 0 } },
          { outcome: 'PROCESS_FAIL', fault: { kind: 'delay', ms: MAX_FAULT_MS } },
        ],
      },
    ],
    [
      'every fault kind',
      { ...valid, steps: ['hang', 'reset', 'empty', 'truncated'].map((kind) => ({ fault: { kind } })) },
    ],
    ['each proxy status', { ...valid, steps: [429, 502, 503].map((status) => ({ fault: { kind: 'http', status } })) }],
    ['a match of the most fields', { ...valid, match: fields(MAX_MATCH_FIELDS) }],
    ['times 1', { ...valid, times: 1 }],
    ['times a million', { ...valid, times: 1_000_000 }],
    ['times always', { ...valid, times: 'always' }],
  ])('takes %s, as given', (_name, input) => {
    expect(checkScript(input, OUTCOMES)).toBe(input);
  });
});

describe('Scripts', () => {
  const script = (input: Partial<ScriptInput> = {}): ScriptInput => ({
    operationId: 'syncStore',
    steps: ['SUCCESS'],
    ...input,
  });
  /** The outcomes answered to `n` requests of one operation and body: the step's outcome, or "-" for no script. */
  const answers = (scripts: Scripts, n: number, operationId = 'syncStore', request: unknown = body) =>
    Array.from({ length: n }, () => scripts.take(operationId, request)?.step.outcome ?? '-');

  it('answers with its steps in order, one request each, then no more', () => {
    const scripts = new Scripts();
    scripts.add(script({ steps: ['UNKNOWN_EXCEPTION', { outcome: 'SUCCESS' }] }));
    expect(answers(scripts, 3)).toEqual(['UNKNOWN_EXCEPTION', 'SUCCESS', '-']);
  });

  it('repeats its steps in order up to `times`', () => {
    const scripts = new Scripts();
    scripts.add(script({ steps: ['UNKNOWN_EXCEPTION', 'SUCCESS'], times: 3 }));
    expect(answers(scripts, 4)).toEqual(['UNKNOWN_EXCEPTION', 'SUCCESS', 'UNKNOWN_EXCEPTION', '-']);
  });

  it('with times always, answers every later request with its last step', () => {
    const scripts = new Scripts();
    scripts.add(script({ steps: ['UNKNOWN_EXCEPTION', 'PROCESS_FAIL'], times: 'always' }));
    expect(answers(scripts, 4)).toEqual(['UNKNOWN_EXCEPTION', 'PROCESS_FAIL', 'PROCESS_FAIL', 'PROCESS_FAIL']);
    expect(scripts.list()[0]).toMatchObject({ used: 4, active: true });
  });

  it('never answers the other operation', () => {
    const scripts = new Scripts();
    scripts.add(script({ operationId: 'updateStore' }));
    expect(answers(scripts, 1, 'syncStore')).toEqual(['-']);
    expect(answers(scripts, 1, 'updateStore')).toEqual(['SUCCESS']);
  });

  it('answers only requests whose body matches', () => {
    const scripts = new Scripts();
    scripts.add(script({ match: { 'store.posStoreId': 's-9' } }));
    expect(answers(scripts, 1, 'syncStore', { store: { posStoreId: 's-8' } })).toEqual(['-']);
    expect(answers(scripts, 1, 'syncStore', { store: { posStoreId: 's-9' } })).toEqual(['SUCCESS']);
  });

  it('lets the first script added that matches answer, and the next once it is used up', () => {
    const scripts = new Scripts();
    const first = scripts.add(script({ steps: ['UNKNOWN_EXCEPTION'] }));
    const second = scripts.add(script({ steps: ['PROCESS_FAIL'], times: 2 }));
    expect([first.id, second.id]).toEqual(['s1', 's2']);
    expect([scripts.take('syncStore', body), scripts.take('syncStore', body)]).toEqual([
      { step: { outcome: 'UNKNOWN_EXCEPTION' }, script: 's1' },
      { step: { outcome: 'PROCESS_FAIL' }, script: 's2' },
    ]);
    expect(scripts.list().map(({ id, used, active }) => ({ id, used, active }))).toEqual([
      { id: 's1', used: 1, active: false },
      { id: 's2', used: 1, active: true },
    ]);
  });

  it('shows a script as added, with its id, use and state', () => {
    const scripts = new Scripts();
    const input = script({ match: { requestId: 'r-1' }, times: 2 });
    expect(scripts.add(input)).toEqual({ ...input, id: 's1', used: 0, active: true });
  });

  it('peeks at the fault a request would meet without taking the step', () => {
    const scripts = new Scripts();
    scripts.add(script({ steps: [{ fault: { kind: 'reset' } }, { outcome: 'SUCCESS' }, 'SUCCESS'] }));
    expect(scripts.peekFault('syncStore', body)).toEqual({ kind: 'reset' });
    expect(scripts.peekFault('syncStore', body)).toEqual({ kind: 'reset' });
    expect(scripts.take('syncStore', body)).toEqual({ step: { fault: { kind: 'reset' } }, script: 's1' });
    expect(scripts.peekFault('syncStore', body)).toBeUndefined();
    scripts.take('syncStore', body);
    expect(scripts.peekFault('syncStore', body)).toBeUndefined();
    expect(scripts.peekFault('updateStore', body)).toBeUndefined();
  });

  it('forgets every script on clear, and numbers the next after the last', () => {
    const scripts = new Scripts();
    scripts.add(script());
    scripts.clear();
    expect([scripts.list(), scripts.take('syncStore', body)]).toEqual([[], undefined]);
    expect(scripts.add(script()).id).toBe('s2');
  });

  it(`holds at most ${MAX_SCRIPTS} scripts at once`, () => {
    const scripts = new Scripts();
    for (let i = 0; i < MAX_SCRIPTS; i++) scripts.add(script());
    expect(() => scripts.add(script())).toThrow(
      new ScriptError(`at most ${MAX_SCRIPTS} scripts at once: reset them between tests`),
    );
    scripts.clear();
    expect(scripts.add(script()).active).toBe(true);
  });

  it('holds scripts up to its byte bound exactly, and takes more once cleared', () => {
    const input = script();
    const size = Buffer.byteLength(JSON.stringify(input));
    const scripts = new Scripts(2 * size);
    scripts.add(input);
    scripts.add(input);
    expect(() => scripts.add(input)).toThrow(
      `the scripts in force may hold at most ${2 * size} bytes together (scriptBytes); this one (${size} bytes) would pass it: reset them between tests`,
    );
    scripts.clear();
    scripts.add(input);
    scripts.add(input);
    expect(scripts.list()).toHaveLength(2);
  });
});
