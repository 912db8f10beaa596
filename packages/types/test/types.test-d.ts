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
  it('exports one named type per component schema, equal to components.schemas', () => {
    expectTypeOf<Result>().toEqualTypeOf<components['schemas']['Result']>();
    expectTypeOf<DetailedStoreInfo>().toEqualTypeOf<components['schemas']['DetailedStoreInfo']>();
  });

  it('types both operations as POST with their request and response bodies', () => {
    expectTypeOf<paths['/v2/pos/syncStore']['post']>().toEqualTypeOf<operations['syncStore']>();
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
