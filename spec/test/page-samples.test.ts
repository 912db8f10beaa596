// Every sample on the vendor's two pages, kept verbatim in fixtures/page-samples, is a named example of the
// bundle once the repair its manifest names (and ERRATA.md explains) is applied, and so is a valid body.
import { readFileSync } from 'node:fs';
import { createValidator, type OperationId } from '@store-api/validator';
import { describe, expect, it } from 'vitest';
import exampleWarnings from './fixtures/example-warnings.json' with { type: 'json' };
import manifest from './fixtures/page-samples.json' with { type: 'json' };

type Repair = 'none' | 'append-closing-brace' | 'wrap-business-rules';

const validator = createValidator();
const STORE_ID_OF_MAIN_SAMPLE = 'lzteststore879856';

function repaired(raw: string, repair: Repair): unknown {
  switch (repair) {
    case 'none':
      return JSON.parse(raw);
    case 'append-closing-brace':
      return JSON.parse(`${raw}}`);
    case 'wrap-business-rules': {
      const { businessRule, ...rest } = JSON.parse(raw) as { businessRule: unknown };
      return { storeId: STORE_ID_OF_MAIN_SAMPLE, ...rest, businessRules: businessRule };
    }
  }
}

describe('the vendor pages’ samples', () => {
  it('keeps all eleven samples of the two pages', () => {
    expect(manifest).toHaveLength(11);
  });

  it.each(manifest.map((s) => [s.file, s] as const))(
    '%s is a named example and a valid body, warned as its example is',
    (_file, sample) => {
      const raw = readFileSync(new URL(`./fixtures/page-samples/${sample.file}`, import.meta.url), 'utf8');
      const body = repaired(raw, sample.repair as Repair);
      const operation = validator.operations.find((op) => op.operationId === sample.operation);
      const contract = sample.body === 'request' ? operation?.request : operation?.responses['200'];
      const example = contract?.examples.find((e) => e.name === sample.example);

      expect(example?.value).toEqual(body);
      const result =
        sample.body === 'request'
          ? validator.validateRequest(sample.operation as OperationId, body)
          : validator.validateResponse(sample.operation as OperationId, body);
      // The dine-in sample's supportDays 31 is past its page's 1 to 30: accepted, with a warning (ERRATA E27).
      const warnings = (exampleWarnings as Record<string, Record<string, unknown[]>>)[sample.operation]?.[
        sample.example
      ];
      expect(result).toEqual({ valid: true, warnings: sample.body === 'request' ? (warnings ?? []) : [] });
      if (sample.repair !== 'none') expect(example?.description).toMatch(/Repaired/);
    },
  );
});
