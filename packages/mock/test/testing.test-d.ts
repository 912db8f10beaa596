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
    const step = {} as ScriptStep;
    const back: TestingScriptStep = step;
    const again: ScriptStep = back;
    const query = {} as JournalQuery;
    const viewQuery: TestingJournalQuery = query;
    const queryAgain: JournalQuery = viewQuery;
    expectTypeOf(again).toEqualTypeOf<ScriptStep>();
    expectTypeOf(queryAgain).toEqualTypeOf<JournalQuery>();
  });

  it('read what the admin API sends back', () => {
    const entry = {} as Sent<JournalEntry>;
    const entryView: JournalEntryView = entry;
    const store = {} as Sent<StoreRecord>;
    const storeView: StoreView = store;
    expectTypeOf(entryView).toEqualTypeOf<JournalEntryView>();
    expectTypeOf(storeView).toEqualTypeOf<StoreView>();
  });
});
