// Each documented erratum (spec/ERRATA.md) as a test: the broken or contradictory form is rejected with a
// message naming the field; the contract's choice is accepted.
import { readFileSync } from 'node:fs';
import { createValidator, type OperationId } from '@store-api/validator';
import { describe, expect, it } from 'vitest';
import errata from './fixtures/errata.json' with { type: 'json' };
import isvErrorCodes from './fixtures/isv-error-codes.json' with { type: 'json' };

const validator = createValidator();
const pageSample = (file: string) => readFileSync(new URL(`./fixtures/page-samples/${file}`, import.meta.url), 'utf8');

describe('errata: the broken forms are rejected, naming the field', () => {
  it.each(errata.map((e) => [`${e.id} ${e.rule}`, e] as const))('%s', (_name, erratum) => {
    expect(validator.validateRequest(erratum.operation as OperationId, erratum.body)).toEqual({
      valid: false,
      violations: erratum.violations,
      warnings: erratum.warnings ?? [],
    });
  });
});

describe('errata: the contract’s choices', () => {
  it('E1 the page’s syncStore request samples are not JSON until their closing brace is restored', () => {
    for (const file of ['syncStore-request-create-store.txt', 'syncStore-request-close-store.txt']) {
      const raw = pageSample(file);
      expect(() => JSON.parse(raw)).toThrow(SyntaxError);
      expect(validator.validateRequest('syncStore', JSON.parse(`${raw}}`))).toEqual({ valid: true, warnings: [] });
    }
  });

  it('E2 the page’s business-rule samples, as printed, are not valid requests', () => {
    const raw = JSON.parse(pageSample('updateStore-request-pickup-rule.txt'));
    const result = validator.validateRequest('updateStore', raw);
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.violations.map((v) => v.field)).toEqual(['storeId', 'businessRule']);
  });

  it('E3 accepts coordinates both as strings (the sample) and as numbers (the table)', () => {
    for (const location of [
      { latitude: '1.3548791', longitude: '103.8308643', postCode: '999999' },
      { latitude: 40.659569, longitude: -73.851524 },
      { postCode: '310000' },
    ]) {
      expect(validator.validateRequest('updateStore', { storeId: '000000032', location })).toEqual({
        valid: true,
        warnings: [],
      });
    }
  });

  it('E6 accepts any keys in syncStore extendInfo', () => {
    const body = {
      requestId: 'r1',
      posAccountId: 'a1',
      store: { posStoreId: 's1' },
      extendInfo: { anything: { nested: 1 } },
    };
    expect(validator.validateRequest('syncStore', body)).toEqual({ valid: true, warnings: [] });
  });

  it('E10 deletes optional enum and pattern fields with an empty string', () => {
    const body = { storeId: '000000032', storeStatus: '', images: [], banners: [], cuisine: '' };
    expect(validator.validateRequest('updateStore', body)).toEqual({ valid: true, warnings: [] });
  });

  it('E12 lets unknown MultiLanguageDetail fields through with a warning', () => {
    const ok = { storeId: '1', multiLanguageDetails: [{ language: 'th', name: 'ร้าน', cuisine: 'ไทย' }] };
    expect(validator.validateRequest('updateStore', ok)).toEqual({
      valid: true,
      warnings: [
        {
          field: 'multiLanguageDetails[0].cuisine',
          rule: 'x-unknown-fields',
          message:
            'multiLanguageDetails[0].cuisine: is not a field of MultiLanguageDetail that the contract knows (let through: the vendor does not publish its full list)',
        },
      ],
    });
  });

  it('E16 accepts the sample’s appId, masked with *', () => {
    const body = { storeId: '1', appId: '2102010113769***' };
    expect(validator.validateRequest('updateStore', body)).toEqual({ valid: true, warnings: [] });
  });

  it('E20 gives each common error code of updateStore the status and message of the ISV error-code page', () => {
    const examples = validator.operations.find((op) => op.operationId === 'updateStore')?.responses['200']?.examples;
    const results = (examples ?? []).map((e) => (e.value as { result: Record<string, string> }).result);
    for (const { resultCode, resultStatus, resultMessages } of isvErrorCodes.codes) {
      const shown = results.filter((r) => r.resultCode === resultCode);
      expect(shown.map((r) => r.resultStatus)).toEqual(resultMessages.map(() => resultStatus));
      expect(shown.map((r) => r.resultMessage)).toEqual(resultMessages);
    }
  });

  it('E36 accepts a response whose resultMessage is longer than any limit the contract once gave it', () => {
    const resultMessage = `Business exception. ${'The cause, as the gateway words it. '.repeat(30)}`;
    expect(resultMessage.length).toBeGreaterThan(1_000);
    for (const operationId of ['syncStore', 'updateStore'] as const)
      expect(
        validator.validateResponse(operationId, { result: { resultStatus: 'F', resultCode: 'X', resultMessage } }),
      ).toEqual({ valid: true, warnings: [] });
  });
});
