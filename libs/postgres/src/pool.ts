import { Pool, types, type CustomTypesConfig } from 'pg';

// bigint (int8) columns hold positions and counts far below 2^53: read them as numbers.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/**
 * How our pools read the types we depend on, whatever else is loaded in the process: pg's type
 * parsers are global, and a library may replace them (Emmett's dumbo reads int8 as BigInt and
 * JSON through a reviver, several times slower). Other types fall back to the global ones.
 */
const LEDGER_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === types.builtins.INT8) return Number;
      if (oid === types.builtins.JSON || oid === types.builtins.JSONB) return JSON.parse;
    }
    return format === undefined ? types.getTypeParser(oid) : types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max, types: LEDGER_TYPES });
  // An idle client that loses its server (restart, shutdown) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}
