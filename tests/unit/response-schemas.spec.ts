import { readFileSync, writeFileSync } from 'node:fs';
import { RESPONSE_SCHEMAS, responseSchemasFile, toOpenApi30 } from '../support/response-schemas';

/**
 * The response schemas the OpenAPI document attaches (apps/api/src/openapi/response-schemas.json)
 * are what the handlers' TypeScript types generate now: a change of a returned type without
 * `npm run api:types` fails here.
 */
describe('the API’s response schemas', () => {
  it('are what response-types.ts generates', () => {
    const generated = responseSchemasFile();
    // `npm run api:types` runs this test to write the file.
    if (process.env.UPDATE_API_TYPES === '1') writeFileSync(RESPONSE_SCHEMAS, generated);
    expect(readFileSync(RESPONSE_SCHEMAS, 'utf8')).toBe(generated);
  });

  it('are said in OpenAPI 3.0: null as nullable, const as an enum, references into components', () => {
    expect(toOpenApi30({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
    expect(toOpenApi30({ anyOf: [{ $ref: '#/definitions/A' }, { type: 'null' }] })).toEqual({
      allOf: [{ $ref: '#/components/schemas/A' }],
      nullable: true,
    });
    expect(toOpenApi30({ anyOf: [{ type: 'number' }, { type: 'null' }], description: 'd' })).toEqual({
      type: 'number',
      description: 'd',
      nullable: true,
    });
    expect(toOpenApi30({ type: 'object', properties: { read: { type: 'boolean', const: true } } })).toEqual({
      type: 'object',
      properties: { read: { type: 'boolean', enum: [true] } },
    });
  });
});
