import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { PUBLIC_RESPONSE_NAMES } from '../../apps/api/src/openapi/operation-responses';

const ROOT = join(__dirname, '../..');
export const RESPONSE_TYPES = join(ROOT, 'apps/api/src/openapi/response-types.ts');
export const RESPONSE_SCHEMAS = join(ROOT, 'apps/api/src/openapi/response-schemas.json');

// A JSON Schema or OpenAPI schema object, walked generically.
type Schema = Record<string, any>;

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';

/**
 * The JSON Schemas (draft 7) of the public response types and of every exported type they use,
 * read by ts-json-schema-generator from the TypeScript declarations of response-types.ts.
 */
export function draftSchemas(names: readonly string[] = PUBLIC_RESPONSE_NAMES): Record<string, Schema> {
  const generator = createGenerator({
    path: RESPONSE_TYPES,
    tsconfig: join(ROOT, 'tsconfig.json'),
    // The compiler (npm run lint) checks the types; the generator only reads them.
    skipTypeCheck: true,
    expose: 'export',
    topRef: false,
    jsDoc: 'extended',
    functions: 'hide',
  });
  const definitions: Record<string, Schema> = {};
  for (const name of names) {
    const { definitions: used = {}, $schema: _, ...root } = generator.createSchema(name) as Schema;
    Object.assign(definitions, used);
    // The root of a same-named re-export is a reference to itself: its definition is the schema.
    if (root.$ref !== `${DEFINITIONS}${name}`) definitions[name] = root;
  }
  return renameAliases(definitions, names);
}

/**
 * `export type Notice = NoticeView` gives a definition that only refers to NoticeView: the
 * document names the shape once, by its public name, so the referred definition takes that name.
 */
function renameAliases(definitions: Record<string, Schema>, names: readonly string[]): Record<string, Schema> {
  const renames = new Map<string, string>();
  for (const name of names) {
    const { $ref, ...rest } = definitions[name] ?? {};
    if (typeof $ref === 'string' && $ref.startsWith(DEFINITIONS) && Object.keys(rest).length === 0)
      renames.set($ref.slice(DEFINITIONS.length), name);
  }
  const aliases = new Set(renames.values());
  const renamed: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(definitions)) if (!aliases.has(name)) renamed[renames.get(name) ?? name] = schema;
  return mapRefs(renamed, (target) => renames.get(target) ?? target);
}

function mapRefs<T>(value: T, rename: (target: string) => string): T {
  if (Array.isArray(value)) return value.map((each) => mapRefs(each, rename)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, each]) => [
      key,
      key === '$ref' && typeof each === 'string' && each.startsWith(DEFINITIONS)
        ? `${DEFINITIONS}${rename(each.slice(DEFINITIONS.length))}`
        : mapRefs(each, rename),
    ]),
  ) as T;
}

const isNull = (schema: Schema) => schema.type === 'null';

/**
 * One JSON Schema (draft 7) as an OpenAPI 3.0 schema object: `null` in a type or a union becomes
 * `nullable`, `const` an enum of one, and references point into components.schemas.
 */
export function toOpenApi30(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(toOpenApi30);
  if (schema === null || typeof schema !== 'object') return schema;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') converted.$ref = (value as string).replace(DEFINITIONS, COMPONENTS);
    else if (key === 'const') converted.enum = [value];
    else if (key === 'properties' || key === 'definitions')
      converted[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, each]) => [name, toOpenApi30(each)]));
    else if (typeof value === 'object' && value !== null) converted[key] = toOpenApi30(value);
    else converted[key] = value;
  }
  return nullableOf(converted);
}

/** `type: [x, 'null']` and `anyOf: [A, {type: 'null'}]` as OpenAPI 3.0 says them. */
function nullableOf(schema: Schema): Schema {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = (schema.type as string[]).filter((type) => type !== 'null');
    const { type: _, ...rest } = schema;
    if (types.length === 1) return { type: types[0], ...rest, nullable: true };
    return { anyOf: types.map((type) => ({ type })), ...rest, nullable: true };
  }
  if (Array.isArray(schema.anyOf) && schema.anyOf.some(isNull)) {
    const others = (schema.anyOf as Schema[]).filter((each) => !isNull(each));
    const { anyOf: _, ...rest } = schema;
    if (others.length === 1 && !others[0]!.$ref) return { ...others[0], ...rest, nullable: true };
    // A reference takes no siblings in OpenAPI 3.0: the null rides on a wrapper around it.
    return { ...rest, ...(others.length === 1 ? { allOf: others } : { anyOf: others }), nullable: true };
  }
  return schema;
}

/** What response-schemas.json holds: every schema as OpenAPI 3.0, in name order, formatted as the repository is. */
export function responseSchemasFile(): string {
  const definitions = draftSchemas();
  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((name) => [name, toOpenApi30(definitions[name]!)]),
  );
  return execFileSync(process.execPath, [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--stdin-filepath', RESPONSE_SCHEMAS], {
    input: `${JSON.stringify(sorted, null, 2)}\n`,
    cwd: ROOT,
  }).toString('utf8');
}
