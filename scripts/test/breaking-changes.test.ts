// One pair per rule: a change that breaks partners and its harmless counterpart, each applied to a copy of the
// real bundle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBreakingChanges, judge, majorOf } from '../lib/breaking-changes.ts';

type Doc = {
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: the mutations reach into arbitrary schema shapes.
  components: { schemas: Record<string, any> };
};
const released: Doc = JSON.parse(readFileSync(new URL('../../spec/dist/openapi.json', import.meta.url), 'utf8'));
const schemas = (d: Doc) => d.components.schemas;
const changed = (mutate: (d: Doc) => void): Doc => {
  const copy = structuredClone(released);
  mutate(copy);
  return copy;
};

const pairs: { rule: string; breaking: (d: Doc) => void; harmless: (d: Doc) => void; where: string }[] = [
  {
    rule: 'operation-removed',
    breaking: (d) => delete d.paths['/v2/pds/store/updateStore'],
    harmless: (d) => (d.paths['/v2/pds/store/deleteStore'] = d.paths['/v2/pds/store/updateStore'] ?? {}),
    where: 'POST /v2/pds/store/updateStore',
  },
  {
    rule: 'property-removed',
    breaking: (d) => delete schemas(d).Result.properties.resultMessage,
    harmless: (d) => (schemas(d).Result.properties.traceId = { type: 'string', description: 'added later' }),
    where: 'POST /v2/pos/syncStore 200 response body.result.resultMessage',
  },
  {
    rule: 'property-required',
    breaking: (d) => schemas(d).UpdateStoreRequest.required.push('name'),
    harmless: (d) => (schemas(d).UpdateStoreRequest.properties.nickname = { type: 'string', description: 'optional' }),
    where: 'POST /v2/pds/store/updateStore request body.name',
  },
  {
    rule: 'property-optional',
    breaking: (d) => (schemas(d).Result.required = ['resultStatus']),
    harmless: (d) => schemas(d).Result.required.push('resultMessage'),
    where: 'POST /v2/pos/syncStore 200 response body.result.resultCode',
  },
  {
    rule: 'enum-narrowed',
    breaking: (d) => (schemas(d).UpdateStoreRequest.properties.storeType.enum = ['RESTAURANT', '']),
    harmless: (d) => schemas(d).UpdateStoreRequest.properties.storeType.enum.push('CAFE'),
    where: 'POST /v2/pds/store/updateStore request body.storeType',
  },
  {
    rule: 'enum-widened',
    breaking: (d) => schemas(d).Result.properties.resultStatus.enum.push('P'),
    harmless: (d) => (schemas(d).Result.properties.resultStatus.description = 'S, F or U.'),
    where: 'POST /v2/pos/syncStore 200 response body.result.resultStatus',
  },
  {
    rule: 'limit-narrowed',
    breaking: (d) => (schemas(d).SyncStoreRequest.properties.requestId.maxLength = 128),
    harmless: (d) => (schemas(d).SyncStoreRequest.properties.requestId.maxLength = 512),
    where: 'POST /v2/pos/syncStore request body.requestId',
  },
  {
    rule: 'type-changed',
    breaking: (d) => (schemas(d).Location.properties.latitude.type = 'number'),
    harmless: (d) => (schemas(d).Location.properties.postCode.type = ['string', 'number']),
    where: 'POST /v2/pds/store/updateStore request body.location.latitude',
  },
  {
    rule: 'properties-closed',
    breaking: (d) => (schemas(d).StoreExtendInfo.additionalProperties = false),
    harmless: (d) => (schemas(d).ClosingEndTimes.additionalProperties = true),
    where: 'POST /v2/pos/syncStore request body.store.extendInfo',
  },
];

describe('breaking changes, one pair per rule', () => {
  it('finds none between the bundle and itself', () => {
    expect(findBreakingChanges(released, released)).toEqual([]);
  });

  for (const pair of pairs) {
    it(`reports ${pair.rule} for a breaking change`, () => {
      const changes = findBreakingChanges(released, changed(pair.breaking));
      expect(changes).toContainEqual(expect.objectContaining({ rule: pair.rule, where: pair.where }));
    });

    it(`reports nothing for the harmless counterpart of ${pair.rule}`, () => {
      expect(findBreakingChanges(released, changed(pair.harmless))).toEqual([]);
    });
  }

  it('reaches into the JSON documents carried in ruleData', () => {
    const changes = findBreakingChanges(
      released,
      changed((d) => (schemas(d).Amount.properties.amountValue.maximum = 100_000)),
    );
    expect(changes.map((c) => c.where)).toContain(
      'POST /v2/pds/store/updateStore request body.businessRules[](DeliveryDistanceBusinessRule).ruleData → [].fee.amountValue',
    );
  });

  it('reports a business-rule scene removed from the request', () => {
    const changes = findBreakingChanges(
      released,
      changed((d) => schemas(d).BusinessRule.oneOf.pop()),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        rule: 'enum-narrowed',
        message: expect.stringMatching(/DineInScheduleBusinessRule was removed/),
      }),
    );
  });
});

describe('the verdict', () => {
  const breaking = changed((d) => delete d.paths['/v2/pos/syncStore']);

  it('fails a breaking change within the same major version', () => {
    expect(
      judge(
        released,
        changed((d) => {
          delete d.paths['/v2/pos/syncStore'];
          d.info.version = '1.1.0';
        }),
      ),
    ).toMatchObject({ ok: false });
    expect(judge(released, breaking).ok).toBe(false);
  });

  it('allows it with a new major version', () => {
    const nextMajor = `${Number(String(released.info.version).split('.')[0]) + 1}.0.0`;
    expect(
      judge(
        released,
        changed((d) => {
          delete d.paths['/v2/pos/syncStore'];
          d.info.version = nextMajor;
        }),
      ),
    ).toMatchObject({ ok: true, headVersion: nextMajor });
  });

  it('passes a compatible change on any version', () => {
    expect(
      judge(
        released,
        changed((d) => (schemas(d).Result.properties.traceId = { type: 'string' })),
      ).ok,
    ).toBe(true);
  });

  it('reads the major part of a version', () => {
    expect([majorOf('1.4.2'), majorOf('v2.0.0')]).toEqual([1, 2]);
    expect(() => majorOf('latest')).toThrow('not a semantic version: "latest"');
  });
});
