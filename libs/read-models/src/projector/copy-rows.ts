import { Query, type Connection } from 'pg';
import type { EntityManager } from 'typeorm';

/** A value as a column receives it: jsonb columns take objects and arrays, which are written as JSON. */
export type CopyValue = string | number | boolean | null | object;

/** COPY data goes out in slices of this size, so one large batch is not copied into one huge message. */
const CHUNK_BYTES = 1 << 20;

/**
 * Writes rows (objects keyed by column name, every column present, as for `upsertRows`) with
 * `COPY … FROM STDIN` in text format: PostgreSQL parses each value straight into its column, with
 * no JSON document of the whole batch to build and take apart first. Only for tables that cannot
 * hold any of these rows yet (a rebuild's fresh shadow): COPY has no `on conflict`. Runs on the
 * manager's own connection, so inside its transaction and under its search_path.
 */
export async function copyRows(manager: EntityManager, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  if (!manager.queryRunner) throw new Error(`copy into ${table} needs a transaction's connection`);
  const client = (await manager.queryRunner.connect()) as { query(query: Query): unknown };
  const columns = Object.keys(rows[0]!);
  const data = Buffer.from(copyText(columns, rows as readonly Record<string, CopyValue>[]), 'utf8');
  await new Promise<void>((resolve, reject) => {
    client.query(
      new CopyFromBuffer(`copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`, data, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  });
}

/** The rows in COPY's text format: the columns in this order, a tab between them, a newline after each row. */
export function copyText(columns: readonly string[], rows: readonly Record<string, CopyValue>[]): string {
  const last = columns.length - 1;
  let text = '';
  for (const row of rows) {
    for (let index = 0; index <= last; index += 1) text += copyField(row[columns[index]!] ?? null) + (index === last ? '\n' : '\t');
  }
  return text;
}

/** One value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : value;
  return SPECIAL.test(text) ? text.replace(SPECIALS, escapeCopyCharacter) : text;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const escapeCopyCharacter = (character: string): string =>
  character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r';

/**
 * node-postgres's own query, answering the server's CopyInResponse with the data. (node-postgres
 * only sends COPY data through this hook; the pg-copy-streams package uses the same one.)
 */
class CopyFromBuffer extends Query {
  constructor(
    text: string,
    private readonly data: Buffer,
    callback: (error: Error | undefined) => void,
  ) {
    super({ text }, callback);
  }

  handleCopyInResponse(connection: Connection & CopyConnection): void {
    for (let start = 0; start < this.data.length; start += CHUNK_BYTES) {
      connection.sendCopyFromChunk(this.data.subarray(start, start + CHUNK_BYTES));
    }
    connection.endCopyFrom();
  }
}

/** The COPY messages of node-postgres's connection (not in its type declarations). */
interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}
