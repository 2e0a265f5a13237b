import { Pool, types } from 'pg';

// bigint (int8) columns hold positions and counts far below 2^53: read them as numbers.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max });
  // An idle client that loses its server (restart, shutdown) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}
