import { once } from 'node:events';
import { Query, type Connection } from 'pg';
import type { EntityManager } from 'typeorm';

/** A value as a column receives it: jsonb columns take objects and arrays, which are written as JSON. */
export type CopyValue = string | number | boolean | null | object;

/**
 * COPY data is encoded and sent in pieces of about this many characters, each as soon as it is
 * written: PostgreSQL takes in the first rows while Node still writes the last ones, and one large
 * batch is neither built as one huge string nor sent as one huge message.
 */
const CHUNK_CHARACTERS = 1 << 16;

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
  const data = copyChunks(columns, rows as readonly Record<string, CopyValue>[]);
  await new Promise<void>((resolve, reject) => {
    client.query(
      new CopyFromChunks(`copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`, data, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  });
}

/** The rows in COPY's text format, as UTF-8 pieces of whole rows, each written when it is asked for. */
function* copyChunks(columns: readonly string[], rows: readonly Record<string, CopyValue>[]): Generator<Buffer> {
  let text = '';
  for (const row of rows) {
    text += copyLine(columns, row);
    if (text.length >= CHUNK_CHARACTERS) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  if (text.length > 0) yield Buffer.from(text, 'utf8');
}

/** The rows in COPY's text format: the columns in this order, a tab between them, a newline after each row. */
export function copyText(columns: readonly string[], rows: readonly Record<string, CopyValue>[]): string {
  return rows.map((row) => copyLine(columns, row)).join('');
}

function copyLine(columns: readonly string[], row: Record<string, CopyValue>): string {
  let line = copyField(row[columns[0]!] ?? null);
  for (let index = 1; index < columns.length; index += 1) line += '\t' + copyField(row[columns[index]!] ?? null);
  return line + '\n';
}

/** One value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    // JSON text has no raw tab or line break (it escapes them with a backslash): only backslashes to double.
    const json = JSON.stringify(value);
    return json.includes('\\') ? json.replace(BACKSLASHES, '\\\\') : json;
  }
  return SPECIAL.test(value) ? value.replace(SPECIALS, escapeCopyCharacter) : value;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const BACKSLASHES = /\\/g;
const escapeCopyCharacter = (character: string): string =>
  character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r';

/**
 * node-postgres's own query, answering the server's CopyInResponse with the data. (node-postgres
 * only sends COPY data through this hook; the pg-copy-streams package uses the same one.) Pieces
 * go out as they are written; when the socket's buffer is full it waits for it to drain, so
 * PostgreSQL works through what it has while the rest is written. A failure while writing ends
 * the COPY with CopyFail (the server then answers with an error, which rejects the query); once
 * the server has answered with an error, nothing more is sent (it would drop it anyway).
 */
class CopyFromChunks extends Query {
  private readonly answered: { yet: boolean };

  constructor(
    text: string,
    private readonly chunks: Iterator<Buffer>,
    callback: (error: Error | undefined) => void,
  ) {
    const answered = { yet: false };
    super({ text }, (error: Error | undefined) => {
      answered.yet = true;
      callback(error);
    });
    this.answered = answered;
  }

  handleCopyInResponse(connection: Connection & CopyConnection): void {
    void this.send(connection);
  }

  private async send(connection: Connection & CopyConnection): Promise<void> {
    try {
      for (let chunk = this.chunks.next(); !chunk.done && !this.answered.yet; chunk = this.chunks.next()) {
        connection.sendCopyFromChunk(chunk.value);
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      if (!this.answered.yet) connection.endCopyFrom();
    } catch (error) {
      if (!this.answered.yet) connection.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }
}

/** The COPY messages of node-postgres's connection (not in its type declarations). */
interface CopyConnection {
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}
