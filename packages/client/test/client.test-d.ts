// Bodies and results are typed from the spec: a wrong field or enum value does not compile.

import type { Result, ScheduleRuleData, SyncStoreResponse } from '@store-api/types';
import type { Dispatcher, ProxyAgent } from 'undici-types';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  StoreClient,
  StoreClientOptions,
  SyncStoreResultCode,
  UndocumentedCode,
  UpdateStoreResultCode,
} from '../src/index.js';
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

  it('types outcome.code as the operation’s documented codes, and any other string from the wire', () => {
    type Sync = Awaited<ReturnType<StoreClient['syncStore']>>;
    type Update = Awaited<ReturnType<StoreClient['updateStore']>>;
    // The unions come from the spec's named examples (generated), one per operation.
    expectTypeOf<SyncStoreResultCode>().toEqualTypeOf<
      | 'SUCCESS'
      | 'PROCESS_FAIL'
      | 'PARAM_ILLEGAL'
      | 'INVALID_API'
      | 'INVALID_SIGNATURE'
      | 'ACCESS_DENIED'
      | 'REQUEST_TRAFFIC_EXCEED_LIMIT'
      | 'UNKNOWN_EXCEPTION'
    >();
    expectTypeOf<UpdateStoreResultCode>().toEqualTypeOf<
      | 'SUCCESS'
      | 'PARAM_ILLEGAL'
      | 'BIZ_ERROR_NEED_RETRY'
      | 'BIZ_ERROR_NO_RETRY'
      | 'SYSTEM_ERROR'
      | 'ACCESS_FORBIDDEN'
      | 'INVALID_SIGNATURE'
      | 'UNKNOWN_EXCEPTION'
    >();
    expectTypeOf<Sync['code']>().toEqualTypeOf<SyncStoreResultCode | UndocumentedCode>();
    // `known` narrows: a documented code is the union, so a misspelt comparison does not compile.
    expectTypeOf<Extract<Sync, { known: true }>['code']>().toEqualTypeOf<SyncStoreResultCode>();
    expectTypeOf<Extract<Update, { known: true }>['code']>().toEqualTypeOf<UpdateStoreResultCode>();
    expectTypeOf<Extract<Sync, { known: false }>['code']>().toEqualTypeOf<UndocumentedCode>();
    expectTypeOf<Extract<Sync, { known: false }>['code']>().toMatchTypeOf<string>();
    const check = (outcome: Sync) => {
      if (!outcome.known) return outcome.code.toLowerCase();
      // @ts-expect-error PARAM_ILEGAL is not a syncStore code
      if (outcome.code === 'PARAM_ILEGAL') return 'never';
      // @ts-expect-error BIZ_ERROR_NO_RETRY is updateStore's, not syncStore's
      if (outcome.code === 'BIZ_ERROR_NO_RETRY') return 'never';
      return outcome.code;
    };
    void check;
  });

  it('carries headers and warnings on every outcome', () => {
    type Resolved = Awaited<ReturnType<StoreClient['updateStore']>>;
    expectTypeOf<Resolved['headers']>().toEqualTypeOf<Headers>();
    expectTypeOf<Resolved['warnings']>().toEqualTypeOf<readonly string[]>();
  });

  it('takes an undici Dispatcher (a ProxyAgent) as dispatcher, and environments by name only', () => {
    expectTypeOf<ProxyAgent>().toMatchTypeOf<NonNullable<StoreClientOptions['dispatcher']>>();
    expectTypeOf<Dispatcher>().toMatchTypeOf<NonNullable<StoreClientOptions['dispatcher']>>();
    expectTypeOf<NonNullable<StoreClientOptions['environment']>>().toEqualTypeOf<
      'production-sea' | 'production-na' | 'local' | 'sandbox'
    >();
  });

  it('narrows a parsed business rule’s document by scene', () => {
    type Schedule = Extract<ParsedBusinessRule, { scene: 'PICKUP_SCHEDULE' }>['data'];
    expectTypeOf<Schedule>().toEqualTypeOf<ScheduleRuleData>();
  });
});
