import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is checked by reading it.
const compose = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; depends_on?: unknown }
  >;
};

describe('docker-compose.yml', () => {
  it('has PostgreSQL, a Temporal server with its UI, KurrentDB and the three services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'kurrentdb', 'api', 'worker', 'projector']),
    );
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
    expect(compose.services.temporal!.image).toMatch(/^temporalio\/(auto-setup|server)/);
    expect(compose.services['temporal-ui']!.image).toMatch(/^temporalio\/ui/);
    expect(compose.services.kurrentdb!.image).toMatch(/kurrentdb/);
  });

  it.each([
    ['api', 'dist/apps/api/src/main.js'],
    ['worker', 'dist/apps/worker/src/main.js'],
    ['projector', 'dist/apps/projector/src/main.js'],
  ])('runs %s from the built image against the shared servers in production mode', (name, entry) => {
    const service = compose.services[name]!;
    expect(service.build).toBeDefined();
    expect(service.command).toEqual(['node', entry]);
    expect(service.environment).toMatchObject({ LEDGER_MODE: 'production', TEMPORAL_ADDRESS: 'temporal:7233' });
    // Not the owner: the services' login role, a member of ledger_app only; the owner migrates.
    expect(service.environment!.DATABASE_URL).toMatch(
      /^postgres:\/\/ledger_service:\$\{LEDGER_SERVICE_PASSWORD:\?[^}]*\}@postgres:5432\/ledger$/,
    );
    expect(service.environment!.DATABASE_OWNER_URL).toMatch(/^postgres:\/\/ledger:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/ledger$/);
    expect(service.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(service.environment!.TOTP_KEY).toMatch(/^\$\{TOTP_KEY:\?/);
  });

  it('creates the services’ login role in ledger_app when PostgreSQL first starts', () => {
    const postgres = compose.services.postgres as { volumes?: string[]; environment?: Record<string, string> };
    expect(postgres.volumes).toContain('./deploy/postgres:/docker-entrypoint-initdb.d:ro');
    const script = readFileSync(join(__dirname, '../../deploy/postgres/10-ledger-roles.sh'), 'utf8');
    expect(script).toMatch(/create role ledger_service login nosuperuser nocreatedb nocreaterole in role ledger_app/);
    expect(postgres.environment!.LEDGER_SERVICE_PASSWORD).toMatch(/^\$\{LEDGER_SERVICE_PASSWORD:\?/);
  });

  it('gives each service longer to stop than it lets work in flight take (SHUTDOWN_GRACE_SECONDS, 25 s)', () => {
    for (const name of ['api', 'worker', 'projector'])
      expect((compose.services[name] as { stop_grace_period?: string }).stop_grace_period).toBe('40s');
  });

  it('keeps secrets out of the file', () => {
    const text = readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/PASSWORD: (?!\$\{)\S+/);
  });
});
