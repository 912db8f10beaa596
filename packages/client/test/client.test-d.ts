// Bodies and results are typed from the spec: a wrong field or enum value does not compile.

import type { Result, ScheduleRuleData, SyncStoreResponse } from '@store-api/types';
import { describe, expectTypeOf, it } from 'vitest';
import type { StoreClient } from '../src/index.js';
import type { ParsedBusinessRule } from '../src/rules.js';

declare const client: StoreClient;

describe('the client’s types', () => {
  it('takes the spec’s request bodies', () => {
    void client.syncStore({ requestId: 'r', posAccountId: 'a', store: { posStoreId: 's', status: 'CLOSED' } });
    // @ts-expect-error status must be OPEN or CLOSED
    void client.syncStore({ requestId: 'r', posAccountId: 'a', store: { posStoreId: 's', status: 'SHUT' } });
    // @ts-expect-error posAccountId is required
    void client.syncStore({ requestId: 'r', store: { posStoreId: 's' } });
    // @ts-expect-error businessRule is not a field
    void client.updateStore({ storeId: '1', businessRule: [] });
  });

  it('resolves to an outcome discriminated by status', () => {
    // Against the types package, not the client's own declarations: the body is the spec's response, and the
    // status the spec's resultStatus.
    type Resolved = Awaited<ReturnType<StoreClient['syncStore']>>;
    expectTypeOf<Resolved['body']>().toEqualTypeOf<SyncStoreResponse>();
    expectTypeOf<Resolved['status']>().toEqualTypeOf<Result['resultStatus']>();
    expectTypeOf<Extract<Resolved, { status: 'U' }>['attempts']>().toEqualTypeOf<number>();
  });

  it('narrows a parsed business rule’s document by scene', () => {
    type Schedule = Extract<ParsedBusinessRule, { scene: 'PICKUP_SCHEDULE' }>['data'];
    expectTypeOf<Schedule>().toEqualTypeOf<ScheduleRuleData>();
  });
});
