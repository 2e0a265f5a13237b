import type { Pool, PoolClient, QueryConfig } from 'pg';
import { inTransaction } from '@ledger/postgres';

const APPEND_CALL = /\bledger_append(_one)?\(/;

/**
 * A pool over which every append of the PostgreSQL event store runs in a transaction of its
 * own, with `hook` called after the rows are written and before the commit (a throw rolls the
 * append back): how a test holds an append's transaction open, or fails it after its insert,
 * while the store under test is the production class, unchanged. Everything else goes to `pool`.
 */
export function poolWithHookBeforeCommit(pool: Pool, hook: (client: PoolClient) => Promise<void>): Pool {
  const query = async (config: string | QueryConfig, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : config.text;
    if (!APPEND_CALL.test(text)) return pool.query(config, values);
    const client = await pool.connect();
    try {
      return await inTransaction(client, async () => {
        const result = await client.query(config, values);
        await hook(client);
        return result;
      });
    } finally {
      client.release();
    }
  };
  return new Proxy(pool, {
    get: (target, key) => {
      if (key === 'query') return query;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
