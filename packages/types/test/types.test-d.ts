// The generated types hold the contract: a wrong field name or enum value is a compile error.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  BusinessRule,
  components,
  DetailedStoreInfo,
  operations,
  paths,
  Result,
  SyncStoreRequest,
  UpdateStoreRequest,
} from '../src/index.js';

describe('generated types', () => {
  it('names each schema for what it holds: a result is status, code and an optional message', () => {
    // Checked against the spec's content, not against the alias it is generated as (that would always hold).
    expectTypeOf<Result['resultStatus']>().toEqualTypeOf<'S' | 'F' | 'U'>();
    expectTypeOf<Result['resultCode']>().toEqualTypeOf<string>();
    expectTypeOf<Result>().toHaveProperty('resultMessage');
    expectTypeOf<{ resultStatus: 'S'; resultCode: 'SUCCESS' }>().toMatchTypeOf<Result>();
    expectTypeOf<{ resultCode: 'SUCCESS' }>().not.toMatchTypeOf<Result>();
    expectTypeOf<UpdateStoreRequest['storeId']>().toEqualTypeOf<string>();
    expectTypeOf<DetailedStoreInfo>().toHaveProperty('status');
    expectTypeOf<components['schemas']['SyncStoreResponse']['result']>().toEqualTypeOf<Result>();
  });

  it('types the two paths, each POST only, with their request and response bodies', () => {
    expectTypeOf<keyof paths>().toEqualTypeOf<'/v2/pos/syncStore' | '/v2/pds/store/updateStore'>();
    type Sync = paths['/v2/pos/syncStore'];
    expectTypeOf<NonNullable<Sync['get']>>().toBeNever();
    expectTypeOf<NonNullable<Sync['put']>>().toBeNever();
    expectTypeOf<Sync['post']['requestBody']['content']['application/json']>().toEqualTypeOf<SyncStoreRequest>();
    expectTypeOf<Sync['post']['responses'][200]['content']['application/json']['result']>().toEqualTypeOf<Result>();
    expectTypeOf<
      operations['updateStore']['requestBody']['content']['application/json']
    >().toEqualTypeOf<UpdateStoreRequest>();
  });

  it('requires the required fields and rejects unknown ones', () => {
    // The smallest valid body is assignable (an annotation would force the type; this asks whether it fits).
    expectTypeOf<{
      requestId: string;
      posAccountId: string;
      store: { posStoreId: string; status: 'OPEN' };
    }>().toMatchTypeOf<SyncStoreRequest>();
    expectTypeOf<{ requestId: string; posAccountId: string }>().not.toMatchTypeOf<SyncStoreRequest>();
    // @ts-expect-error store is required
    const missing: SyncStoreRequest = { requestId: 'r1', posAccountId: 'a1' };
    // @ts-expect-error businessRule is not a field (businessRules is)
    const misspelt: UpdateStoreRequest = { storeId: '1', businessRule: [] };
    void missing;
    void misspelt;
  });

  it('limits enums to their values, the empty string included where it deletes', () => {
    expectTypeOf<Result['resultStatus']>().toEqualTypeOf<'S' | 'F' | 'U'>();
    expectTypeOf<NonNullable<UpdateStoreRequest['storeType']>>().toEqualTypeOf<'RESTAURANT' | 'HAWKER' | ''>();
    // @ts-expect-error SHOP is not a store type
    const bad: UpdateStoreRequest = { storeId: '1', storeType: 'SHOP' };
    void bad;
  });

  it('narrows a business rule by its scene', () => {
    expectTypeOf<BusinessRule['scene']>().toEqualTypeOf<
      | 'DELIVERY_DISTANCE'
      | 'DELIVERY_SCHEDULE'
      | 'PICKUP_RULE'
      | 'PICKUP_SCHEDULE'
      | 'DINE_IN_ORDER'
      | 'DINE_IN_SCHEDULE'
    >();
    expectTypeOf<BusinessRule['ruleData']>().toEqualTypeOf<string>();
  });
});
