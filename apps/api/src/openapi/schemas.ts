import { getMetadataStorage, type ValidationTypes } from 'class-validator';
import { isNullable } from '../http/optional';

// class-transformer keeps @Type() targets here; there is no public accessor (nor typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): { typeFunction(): unknown } | undefined };
};

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON schema of a class-validator DTO, read from its decorators: the one source of truth
 * for what the API accepts, so the document cannot drift from the validation. Nested DTOs are
 * added to `components` by name.
 */
export function dtoSchema(dto: Function, components: Record<string, JsonSchema>, done = new WeakSet<Function>()): JsonSchema {
  if (done.has(dto)) return { $ref: `#/components/schemas/${dto.name}` };
  done.add(dto);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const properties: Record<string, JsonSchema> = {};
  const optional = new Set<string>();
  for (const meta of metadatas) {
    const property = (properties[meta.propertyName] ??= {});
    const schema = meta.each ? (((property.items as JsonSchema | undefined) ?? (property.items = {})) as JsonSchema) : property;
    const [a, b] = (meta.constraints ?? []) as unknown[];
    switch (meta.type as ValidationTypes | string) {
      case 'conditionalValidation':
        optional.add(meta.propertyName);
        break;
      case 'nestedValidation': {
        const target = defaultMetadataStorage.findTypeMetadata(dto, meta.propertyName)?.typeFunction() as Function | undefined;
        if (target) Object.assign(schema, dtoSchema(target, components, done));
        break;
      }
      case 'customValidation':
        applyConstraint(property, schema, meta.name ?? '', a, b);
        break;
    }
  }
  for (const [name, property] of Object.entries(properties)) if (isNullable(dto, name)) property.nullable = true;
  const required = Object.keys(properties).filter((name) => !optional.has(name));
  components[dto.name] = { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
  return { $ref: `#/components/schemas/${dto.name}` };
}

function applyConstraint(property: JsonSchema, schema: JsonSchema, name: string, a: unknown, b: unknown): void {
  switch (name) {
    case 'isString':
      schema.type = 'string';
      break;
    case 'isNumber':
      schema.type = 'number';
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isBoolean':
      schema.type = 'boolean';
      break;
    case 'isArray':
      property.type = 'array';
      property.items ??= {};
      break;
    case 'isIn':
      schema.enum = a;
      break;
    case 'isEnum':
      schema.enum = Object.values(a as object);
      break;
    case 'isUuid':
      Object.assign(schema, { type: 'string', format: 'uuid' });
      break;
    case 'isDateString':
    case 'isIso8601':
      Object.assign(schema, { type: 'string', format: 'date-time' });
      break;
    case 'isLength':
      Object.assign(schema, { minLength: a, ...(typeof b === 'number' ? { maxLength: b } : {}) });
      break;
    case 'maxLength':
      schema.maxLength = a;
      break;
    case 'minLength':
      schema.minLength = a;
      break;
    case 'matches':
      schema.pattern = a instanceof RegExp ? a.source : String(a);
      break;
    case 'min':
      schema.minimum = a;
      break;
    case 'max':
      schema.maximum = a;
      break;
    case 'arrayMaxSize':
      property.maxItems = a;
      break;
    case 'arrayMinSize':
      property.minItems = a;
      break;
    case 'isNotEmpty':
      if (schema.type === 'string') schema.minLength ??= 1;
      break;
  }
}

/** Query DTOs become one `in: query` parameter per property. */
export function queryParameters(dto: Function): JsonSchema[] {
  const components: Record<string, JsonSchema> = {};
  dtoSchema(dto, components);
  const schema = components[dto.name] as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}
