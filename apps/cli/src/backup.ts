import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Client } from 'pg';
import { CliError } from './command';

/**
 * A logical backup of the ledger: every table of the database's own state, row by row, read in
 * one snapshot. The read models and the projectors' positions are left out: they are rebuilt from
 * the events after a restore, as at any time (DESIGN: read models are disposable). pg_dump is not
 * used because the embedded distribution ships none, and another major version's refuses the server.
 */
export const BACKUP_FORMAT = 'minsheng-ledger-backup';
const BACKUP_VERSION = 1;
const BATCH = 500;

/** Tables rebuilt from the events, never backed up: the read models and where each projector stands. */
export function isRebuilt(table: string): boolean {
  return (
    /^rm_/.test(table) || ['projection_checkpoints', 'projection_failures', 'projector_heartbeats', 'schema_migrations'].includes(table)
  );
}

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The migrations the backed-up database had: a restore needs a schema that knows each of them. */
  migrations: string[];
  tables: Array<{ name: string; rows: number }>;
  /** Each backed-up table's definition, for a schema part this program does not migrate itself (the API's own tables). */
  schema: Record<string, string[]>;
  /** The migrations record of the backed-up database, so the part created from `schema` is not migrated again. */
  migrationRows: Array<{ component: string; version: number; name: string }>;
}

type Line = { header: Header } | { table: string; rows: unknown[] };

/** The base tables of the public schema, parents before the tables whose foreign keys name them. */
async function tablesInDependencyOrder(client: Client): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`,
  );
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name) || path.includes(name)) return;
    for (const { parent } of references.filter((reference) => reference.child === name)) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const { name } of tables) visit(name, []);
  return ordered;
}

async function migrationsOf(client: Client): Promise<string[]> {
  const exists = await client.query(`select to_regclass('public.schema_migrations') is not null as present`);
  if (!exists.rows[0].present) return [];
  const { rows } = await client.query<{ id: string }>(
    `select component || '/' || version as id from schema_migrations order by component, version`,
  );
  return rows.map((row) => row.id);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Writes the backup of the database `client` reaches to `file` (gzip'd JSON lines); answers what it holds. */
export async function createBackup(client: Client, file: string): Promise<Header> {
  await client.query('begin isolation level repeatable read read only');
  try {
    const tables = (await tablesInDependencyOrder(client)).filter((table) => !isRebuilt(table));
    const counts: Header['tables'] = [];
    for (const name of tables) {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${quote(name)}`);
      counts.push({ name, rows: Number(rows[0]!.n) });
    }
    const header: Header = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migrations: await migrationsOf(client),
      tables: counts,
      schema: await definitionsOf(
        client,
        counts.map(({ name }) => name),
      ),
      migrationRows: (await client.query(`select component, version, name from schema_migrations order by component, version`)).rows,
    };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify({ header })}\n`;
      for (const { name } of counts) {
        // A cursor of the snapshot: a table of any size is read a batch at a time.
        await client.query(`declare backup_rows no scroll cursor for select to_json(t) as row from ${quote(name)} t`);
        for (;;) {
          const { rows } = await client.query<{ row: unknown }>(`fetch ${BATCH} from backup_rows`);
          if (rows.length === 0) break;
          yield `${JSON.stringify({ table: name, rows: rows.map((r) => r.row) })}\n`;
        }
        await client.query('close backup_rows');
      }
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { flags: 'wx' }));
    await client.query('commit');
    return header;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${file} 已存在：备份不会覆盖已有文件，请换一个文件名`);
    throw error;
  }
}

/** The tables of the database that hold rows (the schema's migration record aside): a restore goes only into none. */
export async function tablesWithRows(client: Client): Promise<string[]> {
  const filled: string[] = [];
  for (const name of await tablesInDependencyOrder(client)) {
    if (name === 'schema_migrations') continue;
    const { rows } = await client.query(`select exists (select 1 from ${quote(name)}) as filled`);
    if (rows[0].filled) filled.push(name);
  }
  return filled;
}

async function* readLines(file: string): AsyncGenerator<Line> {
  if (!existsSync(file)) throw new CliError(`${file} 不是可读的台账备份文件：文件不存在`);
  const source = createReadStream(file);
  const input = source.pipe(createGunzip());
  source.on('error', (error) => input.destroy(error));
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of reader) if (text.trim() !== '') yield JSON.parse(text) as Line;
  } catch (error) {
    throw new CliError(`${file} 不是可读的台账备份文件：${(error as Error).message}`);
  }
}

/** The header of a backup file, checked to be one (it names what the file holds). */
export async function readBackupHeader(file: string): Promise<Header> {
  for await (const line of readLines(file)) {
    if ('header' in line && line.header.format === BACKUP_FORMAT) {
      if (line.header.version !== BACKUP_VERSION) throw new CliError(`${file} 的备份格式版本 ${line.header.version} 不受支持`);
      return line.header;
    }
    break;
  }
  throw new CliError(`${file} 不是台账备份文件（缺少备份文件头）`);
}

/**
 * Loads a backup into a migrated, empty database in one transaction: every row as it was,
 * positions and hashes of the events included, then each serial column's sequence moved past its
 * rows. Answers the rows restored per table.
 */
export async function restoreBackup(client: Client, file: string): Promise<Record<string, number>> {
  const header = await readBackupHeader(file);
  const known = new Set(await migrationsOf(client));
  const components = new Set([...known].map((id) => id.split('/')[0]));
  // A part of the schema this program migrates must know every migration the backup had; a part
  // it does not migrate (the API's own tables, created when the API starts) is created as it was.
  const unknown = header.migrations.filter((id) => components.has(id.split('/')[0]) && !known.has(id));
  if (unknown.length > 0)
    throw new CliError(`备份来自更新版本的台账（本程序不认识迁移 ${unknown.join('、')}）：请用备份时的版本或更新版本恢复`);
  const restored: Record<string, number> = {};
  await client.query('begin');
  try {
    for (const { name } of header.tables) {
      if ((await client.query(`select to_regclass($1) is not null as present`, [`public.${quote(name)}`])).rows[0].present) continue;
      for (const statement of header.schema[name] ?? []) await client.query(statement);
    }
    for (const row of header.migrationRows.filter((row) => !components.has(row.component)))
      await client.query(`insert into schema_migrations (component, version, name) values ($1, $2, $3)`, [
        row.component,
        row.version,
        row.name,
      ]);
    const columns = new Map<string, string[]>();
    for await (const line of readLines(file)) {
      if (!('table' in line)) continue;
      const name = line.table;
      if (!columns.has(name)) columns.set(name, await insertableColumns(client, name));
      const list = columns.get(name)!;
      if (list.length === 0) throw new CliError(`备份中的表 ${name} 在本数据库中不存在`);
      const names = list.map(quote).join(', ');
      await client.query(
        `insert into ${quote(name)} (${names}) overriding system value select ${names} from json_populate_recordset(null::${quote(name)}, $1::json)`,
        [JSON.stringify(line.rows)],
      );
      restored[name] = (restored[name] ?? 0) + line.rows.length;
    }
    await moveSequencesPastRows(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
  for (const { name, rows } of header.tables)
    if ((restored[name] ?? 0) !== rows) throw new CliError(`表 ${name}：备份记有 ${rows} 行，恢复了 ${restored[name] ?? 0} 行`);
  return restored;
}

/** The definitions of the tables, read one after another (one connection answers one query at a time). */
async function definitionsOf(client: Client, tables: string[]): Promise<Record<string, string[]>> {
  const schema: Record<string, string[]> = {};
  for (const table of tables) schema[table] = await definitionOf(client, table);
  return schema;
}

/**
 * A table's definition as statements: its sequences, columns with types, defaults and not-null,
 * its constraints (foreign keys name tables restored before it) and its other indexes.
 */
async function definitionOf(client: Client, table: string): Promise<string[]> {
  const regclass = `public.${quote(table)}`;
  const { rows: columns } = await client.query<{ column: string; def: string | null }>(
    `select quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || case when a.attnotnull then ' not null' else '' end as column,
            pg_get_expr(d.adbin, d.adrelid) as def
       from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [regclass],
  );
  const sequences = columns.flatMap(({ def }) => [...(def ?? '').matchAll(/nextval\('([^']+)'::regclass\)/g)].map((m) => m[1]!));
  const { rows: constraints } = await client.query<{ statement: string }>(
    `select 'alter table ' || $2 || ' add constraint ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) as statement
       from pg_constraint where conrelid = to_regclass($1) and contype in ('p', 'u', 'c', 'f', 'x')
      order by case contype when 'f' then 1 else 0 end, conname`,
    [regclass, quote(table)],
  );
  const { rows: indexes } = await client.query<{ statement: string }>(
    `select pg_get_indexdef(i.indexrelid) as statement from pg_index i
      where i.indrelid = to_regclass($1) and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    [regclass],
  );
  return [
    ...sequences.map((sequence) => `create sequence if not exists ${sequence}`),
    `create table ${quote(table)} (${columns.map((c) => c.column).join(', ')})`,
    ...constraints.map((c) => c.statement),
    ...indexes.map((i) => i.statement),
  ];
}

/** Columns a row can be given (not generated ones). */
async function insertableColumns(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select a.attname as name from pg_attribute a
      where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum`,
    [`public.${quote(table)}`],
  );
  return rows.map((row) => row.name);
}

async function moveSequencesPastRows(client: Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string; sequence: string }>(
    `select c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as sequence
       from information_schema.columns c
      where c.table_schema = 'public' and pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) is not null`,
  );
  for (const row of rows) {
    if (isRebuilt(row.table_name)) continue;
    await client.query(`select setval($1, coalesce((select max(${quote(row.column_name)}) from ${quote(row.table_name)}), 0) + 1, false)`, [
      row.sequence,
    ]);
  }
}
