import type { BusinessRule } from '@store-api/types';
import { createValidator } from '@store-api/validator';
import { describe, expect, it } from 'vitest';
import {
  BusinessRuleError,
  businessRule,
  dailySchedule,
  deliveryDistanceRule,
  deliveryScheduleRule,
  dineInOrderRule,
  dineInScheduleRule,
  exemptionDiscount,
  parseBusinessRule,
  percentageDiscount,
  pickupRule,
  pickupScheduleRule,
  reduceDiscount,
  serviceOff,
  weeklySchedule,
} from '../src/rules.js';

const validator = createValidator();
const sgd = (amountValue: number) => ({ currency: 'SGD', amountValue });
// Every business rule in the spec's named examples: the vendor's six page samples.
const sampleRules = (
  validator.operations.find((op) => op.operationId === 'updateStore')?.request.examples ?? []
).flatMap((example) =>
  ((example.value as { businessRules?: BusinessRule[] }).businessRules ?? []).map(
    (rule) => [example.name, rule] as const,
  ),
);

describe('reading business rules back', () => {
  it('finds all six scenes among the samples', () => {
    expect(new Set(sampleRules.map(([, rule]) => rule.scene)).size).toBe(6);
  });

  it.each(sampleRules)('parses the %s sample and rebuilds the same document', (_name, rule) => {
    const parsed = parseBusinessRule(rule);
    expect(parsed.scene).toBe(rule.scene);
    expect(parsed.data).toEqual(JSON.parse(rule.ruleData));
    const rebuilt = businessRule(parsed.scene, parsed.data as never);
    expect(JSON.parse(rebuilt.ruleData)).toEqual(JSON.parse(rule.ruleData));
  });

  it('rejects a rule whose document breaks the contract, naming the field', () => {
    const rule = { scene: 'PICKUP_RULE', ruleData: '[{"minimumOrderAmount":{"currency":"SGD"}}]' };
    expect(() => parseBusinessRule(rule)).toThrow(BusinessRuleError);
    expect(() => parseBusinessRule(rule)).toThrow(
      'invalid PICKUP_RULE business rule: ruleData → [0].minimumOrderAmount.amountValue: is required',
    );
    expect(() => parseBusinessRule(rule)).toThrow(
      expect.objectContaining({
        name: 'BusinessRuleError',
        scene: 'PICKUP_RULE',
        violations: [
          {
            field: 'ruleData → [0].minimumOrderAmount.amountValue',
            rule: 'required',
            message: 'ruleData → [0].minimumOrderAmount.amountValue: is required',
          },
        ],
      }),
    );
  });

  it('rejects an unknown scene', () => {
    expect(() => parseBusinessRule({ scene: 'TAKEAWAY', ruleData: '[]' })).toThrow(
      /scene: must be one of "DELIVERY_DISTANCE"/,
    );
  });
});

describe('building business rules', () => {
  const daily = dailySchedule([{ startTime: '10:00', endTime: '22:00' }]);
  it.each([
    { build: deliveryDistanceRule, scene: 'DELIVERY_DISTANCE', data: [{ from: 0, to: 5000, fee: sgd(500) }] },
    { build: deliveryScheduleRule, scene: 'DELIVERY_SCHEDULE', data: [daily] },
    { build: pickupRule, scene: 'PICKUP_RULE', data: [{ minimumOrderAmount: sgd(1000) }] },
    { build: pickupScheduleRule, scene: 'PICKUP_SCHEDULE', data: [daily] },
    {
      build: dineInOrderRule,
      scene: 'DINE_IN_ORDER',
      data: { isTableNoRequired: false, serviceType: 'SERVE_TO_TABLE' },
    },
    { build: dineInScheduleRule, scene: 'DINE_IN_SCHEDULE', data: [daily] },
  ] as { build: (data: never) => BusinessRule; scene: string; data: unknown }[])(
    'builds a $scene rule the contract accepts, and reads it back',
    ({ build, scene, data }) => {
      const rule = build(data as never);
      expect(rule).toEqual({ scene, ruleData: JSON.stringify(data) });
      expect(validator.validateRequest('updateStore', { storeId: '1', businessRules: [rule] })).toEqual({
        valid: true,
        warnings: [],
      });
      expect(parseBusinessRule(rule)).toEqual({ scene, data });
    },
  );

  it('serialises a delivery-distance rule, discounts included, into a valid ruleData string', () => {
    const rule = deliveryDistanceRule([
      {
        from: 0,
        to: 5000,
        fee: sgd(500),
        minimumOrderAmount: sgd(1000),
        discounts: [
          reduceDiscount(sgd(1000), sgd(100)),
          percentageDiscount(sgd(2000), 20),
          exemptionDiscount(sgd(3000)),
        ],
      },
    ]);
    expect(rule.scene).toBe('DELIVERY_DISTANCE');
    expect(JSON.parse(rule.ruleData)[0].discounts).toEqual([
      {
        discountType: 'REDUCE',
        orderThresholdAmount: sgd(1000),
        discountValue: '{"currency":"SGD","amountValue":100}',
      },
      { discountType: 'PERCENTAGE', orderThresholdAmount: sgd(2000), discountValue: '20' },
      { discountType: 'EXEMPTION', orderThresholdAmount: sgd(3000) },
    ]);
    expect(validator.validateRequest('updateStore', { storeId: '1', businessRules: [rule] })).toEqual({
      valid: true,
      warnings: [],
    });
  });

  it('serialises the dine-in order document as an object', () => {
    const rule = dineInOrderRule({ isTableNoRequired: true, serviceType: 'SERVE_TO_TABLE' });
    expect(rule).toEqual({
      scene: 'DINE_IN_ORDER',
      ruleData: '{"isTableNoRequired":true,"serviceType":"SERVE_TO_TABLE"}',
    });
  });

  it('builds the documented schedule forms: weekly, daily with offsets, and an OFF exception, in one document', () => {
    const rule = deliveryScheduleRule([
      weeklySchedule({ MONDAY: [{ startTime: '10:00', endTime: '11:00' }] }, 30),
      dailySchedule([{ startTime: '11:00+08:00', endTime: '14:00+08:00' }], 7),
      serviceOff('2022-10-18T00:00:01+08:00', '2022-10-20T23:59:59+08:00'),
    ]);
    expect(JSON.parse(rule.ruleData)).toEqual([
      { scheduleType: 'WEEKLY', supportDays: 30, schedules: { MONDAY: [{ startTime: '10:00', endTime: '11:00' }] } },
      {
        scheduleType: 'DAILY',
        supportDays: 7,
        schedules: { FIXED: [{ startTime: '11:00+08:00', endTime: '14:00+08:00' }] },
      },
      {
        scheduleType: 'DAILY',
        serviceStatus: 'OFF',
        startTime: '2022-10-18T00:00:01+08:00',
        endTime: '2022-10-20T23:59:59+08:00',
      },
    ]);
    expect(parseBusinessRule(rule)).toEqual({ scene: 'DELIVERY_SCHEDULE', data: JSON.parse(rule.ruleData) });
    expect(validator.validateRequest('updateStore', { storeId: '1', businessRules: [rule] })).toEqual({
      valid: true,
      warnings: [],
    });
  });

  it('leaves the supportDays key out of a schedule given none', () => {
    const periods = [{ startTime: '10:00', endTime: '11:00' }];
    expect(weeklySchedule({ MONDAY: periods })).toStrictEqual({
      scheduleType: 'WEEKLY',
      schedules: { MONDAY: periods },
    });
    expect(dailySchedule(periods)).toStrictEqual({ scheduleType: 'DAILY', schedules: { FIXED: periods } });
  });

  it('refuses the schedule documents the vendor rules out, naming the field', () => {
    expect(() => deliveryScheduleRule([{ scheduleType: 'DAILY', serviceStatus: 'OFF' }])).toThrow(
      'invalid DELIVERY_SCHEDULE business rule: ruleData → [0].startTime: is required; ruleData → [0].endTime: is required',
    );
    expect(() => deliveryScheduleRule([dailySchedule([{ startTime: '10:00', endTime: '11:00' }], 45)])).toThrow(
      'ruleData → [0].supportDays: must be <= 30 (got 45)',
    );
    expect(() =>
      deliveryScheduleRule([
        { scheduleType: 'DAILY', schedules: { MONDAY: [{ startTime: '10:00', endTime: '11:00' }] } },
      ]),
    ).toThrow('ruleData → [0].schedules.MONDAY: is not an allowed key: it must be "FIXED" (got "MONDAY")');
    expect(() =>
      deliveryScheduleRule([weeklySchedule({ FRIDAY: [{ startTime: '10:00+8', endTime: '11:00' }] })]),
    ).toThrow('ruleData → [0].schedules.FRIDAY[0].startTime: must match');
  });

  it('refuses to build a rule the contract rejects, naming the field and the rule', () => {
    expect(() => pickupRule([{ minimumOrderAmount: { currency: 'sgd', amountValue: 1 } }])).toThrow(
      'invalid PICKUP_RULE business rule: ruleData → [0].minimumOrderAmount.currency: must match ^[A-Z]{3}$ (got "sgd")',
    );
    expect(() =>
      deliveryDistanceRule([{ from: 0, to: 10, fee: sgd(1), discounts: [percentageDiscount(sgd(1), 150)] }]),
    ).toThrow('ruleData → [0].discounts[0].discountValue: must match ^([1-9][0-9]?|100)$ (got "150")');
  });
});
