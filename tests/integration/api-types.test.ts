import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSystem, type TestSystem } from '../support/system';

const ROOT = join(__dirname, '../..');
const GENERATED = join(ROOT, 'apps/web/src/api-types.ts');
const HEADER =
  "// Generated from the API's OpenAPI document (/api/docs-json) by `npm run api:types`; do not edit.\n" +
  '// tests/integration/api-types.test.ts fails when this file and the document differ.\n';

/**
 * The console's types as the API's own document generates them (the openapi-typescript CLI, an
 * ES module Jest cannot load in-process), formatted as the repository is.
 */
function generate(document: unknown): string {
  const folder = mkdtempSync(join(tmpdir(), 'api-types-'));
  try {
    const source = join(folder, 'openapi.json');
    const output = join(folder, 'api-types.ts');
    writeFileSync(source, JSON.stringify(document));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), source, '-o', output, '--alphabetize'], {
      stdio: 'pipe',
    });
    const text = HEADER + readFileSync(output, 'utf8');
    return execFileSync(process.execPath, [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--stdin-filepath', GENERATED], {
      input: text,
      cwd: ROOT,
    }).toString('utf8');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The console's generated types (apps/web/src/api-types.ts) equal what the running API's
 * document generates: a change of the API's shape without `npm run api:types` fails here.
 */
describe('the console’s API types', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('api-types');
  });
  afterAll(() => system?.stop());

  it('are what the API’s OpenAPI document generates', async () => {
    const answer = await system.call('GET', '/api/docs-json');
    expect(answer.status).toBe(200);
    const generated = generate(answer.body);
    // `npm run api:types` runs this test to write the file.
    if (process.env.UPDATE_API_TYPES === '1') writeFileSync(GENERATED, generated);
    expect(readFileSync(GENERATED, 'utf8')).toBe(generated);
  });
});
