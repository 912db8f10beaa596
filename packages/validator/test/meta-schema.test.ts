// Ajv's meta-schema check when a document is added is off (src/index.ts): it sees only the OpenAPI root, never the
// schemas under `components`. What checks a schema is Ajv's strict compile when the schema is first used.
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { createValidator } from '../src/index.js';

const broken = () => {
  const document = structuredClone(bundle) as unknown as {
    components: { schemas: { Result: { properties: { resultMessage: { maxLength: unknown } } } } };
  };
  document.components.schemas.Result.properties.resultMessage.maxLength = 'long';
  return document;
};

describe('schema checks', () => {
  it('compiles every named schema of the bundle under strict mode', () => {
    const validator = createValidator();
    for (const name of Object.keys(bundle.components.schemas))
      expect(() => validator.validateSchema(name, {})).not.toThrow();
  });

  it('refuses a schema with a misspelt keyword when it is first used, naming the keyword', () => {
    const document = structuredClone(bundle) as unknown as { components: { schemas: Record<string, unknown> } };
    document.components.schemas.Result = { type: 'object', properties: { resultCode: { maxLenght: 64 } } };
    const validator = createValidator(document);
    expect(() => validator.validateSchema('Result', {})).toThrow('strict mode: unknown keyword: "maxLenght"');
  });

  it('refuses a schema that breaks the meta-schema when it is first used, naming the keyword', () => {
    const validator = createValidator(broken());
    expect(() => validator.validateSchema('Result', {})).toThrow(/maxLength/);
  });
});
