import type { Pool, PoolClient } from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the migrations of one component that are not applied yet, in version order, each in
 * its own transaction. Serialised by an advisory lock so that several processes starting at
 * once apply each migration exactly once.
 */
export async function migrate(pool: Pool, component: string, migrations: readonly Migration[]): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query(`select pg_advisory_lock(hashtext('ledger.migrations'))`);
    // Looked up first: even "if not exists" needs CREATE on the schema, which a service's role
    // (applying nothing, all migrations done by the owner) does not have.
    const found = await client.query<{ table: string | null }>(`select to_regclass('schema_migrations')::text as table`);
    if (!found.rows[0]?.table) {
      await client.query(`create table if not exists schema_migrations (
        component text not null,
        version integer not null,
        name text not null,
        applied_at timestamptz not null default now(),
        primary key (component, version))`);
    }
    const done = await client.query<{ version: number }>('select version from schema_migrations where component = $1', [component]);
    const doneVersions = new Set(done.rows.map((row) => row.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (doneVersions.has(migration.version)) continue;
      await inTransaction(client, async () => {
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (component, version, name) values ($1, $2, $3)', [
          component,
          migration.version,
          migration.name,
        ]);
      });
      applied.push(migration.version);
    }
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('ledger.migrations'))`).catch(() => undefined);
    client.release();
  }
  return applied;
}

export async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
