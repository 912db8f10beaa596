// Typed builders for businessRules[].ruleData (a JSON document carried as a string, shaped by `scene`) and a
// parser that reads one back. Both check the document against the spec's rule schemas, so a bad rule fails
// here, naming its field, instead of at the gateway. A separate entry point: it carries the validator.
import type {
  Amount,
  BusinessRule,
  DeliveryDistanceRuleData,
  DineInOrderRuleData,
  Discount,
  PickupRuleData,
  ScheduleRule,
  ScheduleRuleData,
  TimePeriod,
} from '@store-api/types';
import { type ContractViolation, createValidator, type Validator } from '@store-api/validator';

/** The document each scene carries in ruleData. */
export interface RuleDataByScene {
  DELIVERY_DISTANCE: DeliveryDistanceRuleData;
  DELIVERY_SCHEDULE: ScheduleRuleData;
  PICKUP_RULE: PickupRuleData;
  PICKUP_SCHEDULE: ScheduleRuleData;
  DINE_IN_ORDER: DineInOrderRuleData;
  DINE_IN_SCHEDULE: ScheduleRuleData;
}
export type Scene = keyof RuleDataByScene;
/** A business rule with its ruleData parsed, narrowed by scene. */
export type ParsedBusinessRule = { [S in Scene]: { readonly scene: S; readonly data: RuleDataByScene[S] } }[Scene];

export class BusinessRuleError extends Error {
  override readonly name = 'BusinessRuleError';
  constructor(
    readonly scene: string,
    readonly violations: readonly ContractViolation[],
  ) {
    super(`invalid ${scene} business rule: ${violations.map((v) => v.message).join('; ')}`);
  }
}

let validator: Validator | undefined;

function assertValid(rule: { scene: string; ruleData: string }): void {
  validator ??= createValidator();
  const result = validator.validateSchema('BusinessRule', rule);
  if (!result.valid) throw new BusinessRuleError(rule.scene, result.violations);
}

/** A business rule for `scene`, its document serialised into ruleData. Throws BusinessRuleError if the document breaks the contract. */
export function businessRule<S extends Scene>(scene: S, data: RuleDataByScene[S]): Extract<BusinessRule, { scene: S }> {
  const rule = { scene, ruleData: JSON.stringify(data) };
  assertValid(rule);
  return rule as Extract<BusinessRule, { scene: S }>;
}

export const deliveryDistanceRule = (data: DeliveryDistanceRuleData) => businessRule('DELIVERY_DISTANCE', data);
export const deliveryScheduleRule = (data: ScheduleRuleData) => businessRule('DELIVERY_SCHEDULE', data);
export const pickupRule = (data: PickupRuleData) => businessRule('PICKUP_RULE', data);
export const pickupScheduleRule = (data: ScheduleRuleData) => businessRule('PICKUP_SCHEDULE', data);
export const dineInOrderRule = (data: DineInOrderRuleData) => businessRule('DINE_IN_ORDER', data);
export const dineInScheduleRule = (data: ScheduleRuleData) => businessRule('DINE_IN_SCHEDULE', data);

/** `REDUCE`: `off` is taken off the delivery fee once the order reaches `threshold`. */
export const reduceDiscount = (threshold: Amount, off: Amount): Discount => ({
  discountType: 'REDUCE',
  orderThresholdAmount: threshold,
  discountValue: JSON.stringify(off),
});

/** `PERCENTAGE`: `percent` (1–100) is taken off the delivery fee once the order reaches `threshold`. */
export const percentageDiscount = (threshold: Amount, percent: number): Discount => ({
  discountType: 'PERCENTAGE',
  orderThresholdAmount: threshold,
  discountValue: String(percent),
});

/** `EXEMPTION`: no delivery fee once the order reaches `threshold`. */
export const exemptionDiscount = (threshold: Amount): Discount => ({
  discountType: 'EXEMPTION',
  orderThresholdAmount: threshold,
});

type DayOfWeek = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

/** A `WEEKLY` schedule rule: periods for each day (`HH:mm`, or with an offset, `11:00+08:00`); a day left out has none. */
export const weeklySchedule = (
  periods: Partial<Record<DayOfWeek, TimePeriod[]>>,
  supportDays?: number,
): ScheduleRule => ({
  scheduleType: 'WEEKLY',
  ...(supportDays === undefined ? {} : { supportDays }),
  schedules: periods,
});

/** A `DAILY` schedule rule: the same periods every day (the document's one key, `FIXED`). */
export const dailySchedule = (periods: TimePeriod[], supportDays?: number): ScheduleRule => ({
  scheduleType: 'DAILY',
  ...(supportDays === undefined ? {} : { supportDays }),
  schedules: { FIXED: periods },
});

/** An exception: the service is off from `startTime` to `endTime` (ISO 8601 date-times with an offset). */
export const serviceOff = (
  startTime: string,
  endTime: string,
  scheduleType: 'DAILY' | 'WEEKLY' = 'DAILY',
): ScheduleRule => ({
  scheduleType,
  serviceStatus: 'OFF',
  startTime,
  endTime,
});

/** Reads a business rule's ruleData back into its typed document. Throws BusinessRuleError if it breaks the contract. */
export function parseBusinessRule(rule: { readonly scene: string; readonly ruleData: string }): ParsedBusinessRule {
  assertValid(rule);
  return { scene: rule.scene, data: JSON.parse(rule.ruleData) } as ParsedBusinessRule;
}
