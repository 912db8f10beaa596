// `x-warn`: a value the schema accepts but outside the form its `unless` describes is a warning naming the field
// (and the value), never a violation unless warningsAsErrors; on minimal documents made for it.
import { describe, expect, it } from 'vitest';
import { createValidator } from '../src/index.js';

const document = (
  warn: unknown = [{ unless: { pattern: '^GMT' }, message: 'is not in the form shown (GMT+8:00)' }],
) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: {
    schemas: {
      Zone: {
        type: 'object',
        title: 'Zone',
        properties: {
          tz: { type: 'string', 'x-warn': warn },
          days: { type: 'integer', maximum: 31, 'x-warn': [{ unless: { maximum: 30 }, message: 'is past 30' }] },
        },
        'x-warn': [{ unless: { required: ['tz'] }, message: 'is missing; entries are keyed by it' }],
      },
    },
  },
});

describe('x-warn', () => {
  it('names the field and shows the value, accepting it', () => {
    expect(createValidator(document()).validateSchema('Zone', { tz: 'Asia/Singapore' })).toEqual({
      valid: true,
      warnings: [
        {
          field: 'tz',
          rule: 'x-warn',
          message: 'tz: "Asia/Singapore" is not in the form shown (GMT+8:00); accepted with a warning',
        },
      ],
    });
  });

  it('names a missing field itself', () => {
    expect(createValidator(document()).validateSchema('Zone', { days: 2 })).toEqual({
      valid: true,
      warnings: [
        { field: 'tz', rule: 'x-warn', message: 'tz: is missing; entries are keyed by it; accepted with a warning' },
      ],
    });
  });

  it('says nothing of a value in the form shown', () => {
    expect(createValidator(document()).validateSchema('Zone', { tz: 'GMT+8:00', days: 30 })).toEqual({
      valid: true,
      warnings: [],
    });
  });

  it('does not warn about a field it refuses', () => {
    expect(createValidator(document()).validateSchema('Zone', { tz: 'GMT', days: 32 })).toEqual({
      valid: false,
      violations: [{ field: 'days', rule: 'maximum', message: 'days: must be <= 31 (got 32)' }],
      warnings: [],
    });
  });

  it('refuses the value under warningsAsErrors, with the same field and message', () => {
    expect(
      createValidator(document(), { warningsAsErrors: true }).validateSchema('Zone', { tz: 'GMT', days: 31 }),
    ).toEqual({
      valid: false,
      violations: [{ field: 'days', rule: 'x-warn', message: 'days: 31 is past 30; accepted with a warning' }],
      warnings: [],
    });
  });

  it('refuses a rule whose unless form has a keyword JSON Schema does not know, when a value is first checked', () => {
    const broken = createValidator(document([{ unless: { patern: '^GMT' }, message: 'm' }]));
    expect(() => broken.validateSchema('Zone', { tz: 'GMT+8:00' })).toThrow('unknown keyword: "patern"');
  });

  it.each([
    ['not a list', { unless: {}, message: 'm' }, 'x-warn value must be ["array"]'],
    ['an empty list', [], 'x-warn must be a non-empty list of rules'],
    ['a rule without a message', [{ unless: { pattern: 'x' } }], 'x-warn[0] must have an unless schema and a message'],
    [
      'a rule with an empty message',
      [{ unless: { pattern: 'x' }, message: '' }],
      'x-warn[0] must have an unless schema and a message',
    ],
    [
      'a rule that is not an object',
      [{ unless: {}, message: 'm' }, null],
      'x-warn[1] must have an unless schema and a message',
    ],
    [
      'a rule whose unless is no schema',
      [{ unless: 'x', message: 'm' }],
      'x-warn[0] must have an unless schema and a message',
    ],
  ])('refuses a malformed rule (%s) when the schema is first used', (_name, warn, message) => {
    expect(() => createValidator(document(warn)).validateSchema('Zone', {})).toThrow(message);
  });
});
