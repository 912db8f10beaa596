// @store-api/mock/testing writes its types out by hand (CommonJS, built-ins only, for jest on every Node): they
// must keep up with the mock's own. Each check fails to compile when one side changes and the other does not.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  JournalEntryView,
  StoreView,
  JournalQuery as TestingJournalQuery,
  ScriptStep as TestingScriptStep,
} from '../dist/testing.cjs';
import type { JournalEntry, JournalQuery, ScriptStep, StoreRecord } from '../src/index.js';

/** What the admin API sends: the in-process shape as JSON (arrays and objects fresh, so not readonly). */
type Sent<T> = T extends readonly (infer Item)[]
  ? Sent<Item>[]
  : T extends object
    ? { -readonly [K in keyof T]: Sent<T[K]> }
    : T;

describe('@store-api/mock/testing types', () => {
  it('take every script step and journal query the mock takes, and nothing else', () => {
    // Both ways: each side takes every value the other does (an annotated variable compared with its own type would
    // always pass, so the checks compare the two declarations directly).
    expectTypeOf<ScriptStep>().toMatchTypeOf<TestingScriptStep>();
    expectTypeOf<TestingScriptStep>().toMatchTypeOf<ScriptStep>();
    expectTypeOf<JournalQuery>().toMatchTypeOf<TestingJournalQuery>();
    expectTypeOf<TestingJournalQuery>().toMatchTypeOf<JournalQuery>();
  });

  it('read what the admin API sends back', () => {
    // Every entry and store the admin API sends fits the view (a field the view requires and the mock does not send,
    // or types differently, fails).
    expectTypeOf<Sent<JournalEntry>>().toMatchTypeOf<JournalEntryView>();
    expectTypeOf<Sent<StoreRecord>>().toMatchTypeOf<StoreView>();
  });
});
