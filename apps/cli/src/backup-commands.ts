import { verifyAudit } from '@ledger/attachments';
import { createSupervisionProjector } from '@ledger/bootstrap';
import { Client } from 'pg';
import { createBackup, readBackupHeader, restoreBackup, tablesWithRows } from './backup';
import { CliError, UsageError, type Command } from './command';
import { databaseTarget } from './storage';

function fileArgument(args: string[]): string {
  if (args.length !== 1 || args[0]!.startsWith('-'))
    throw new UsageError(args.length === 0 ? 'the backup file is missing' : `unexpected argument "${args[1] ?? args[0]}"`);
  return args[0]!;
}

/** A connection of its own to the database the CLI is pointed at (a snapshot or a transaction of the command's own). */
async function databaseClient(env: NodeJS.ProcessEnv): Promise<Client> {
  const client = new Client({ connectionString: databaseTarget(env).url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new CliError(`无法连接数据库：${(error as Error).message}`);
  }
  return client;
}

const backupCreate: Command = {
  command: 'backup create',
  usage: '<file>',
  summary:
    'write a consistent backup of the database (events, accounts, evidence held in the database, …; read models are rebuilt on restore)',
  async run({ args, io }) {
    const file = fileArgument(args);
    const client = await databaseClient(io.env);
    try {
      const header = await createBackup(client, file);
      const events = header.tables.find((table) => table.name === 'events')?.rows ?? 0;
      const rows = header.tables.reduce((sum, table) => sum + table.rows, 0);
      io.stdout(`备份完成：${file}（事件 ${events} 条；共 ${header.tables.length} 张表、${rows} 行；读模型恢复后由事件重建）\n`);
      return 0;
    } finally {
      await client.end();
    }
  },
};

const backupRestore: Command = {
  command: 'backup restore',
  usage: '<file>',
  summary: 'restore a backup into an empty database, check the hash chain and evidence, and rebuild the read models',
  async run({ args, io, connect }) {
    const file = fileArgument(args);
    await readBackupHeader(file);
    const client = await databaseClient(io.env);
    try {
      const filled = await tablesWithRows(client);
      if (filled.length > 0)
        throw new CliError(
          `拒绝恢复：目标数据库不是空库（${filled.slice(0, 5).join('、')}${filled.length > 5 ? ' 等' : ''} 已有数据）。恢复只写入新建的空数据库，以免覆盖现有记录。`,
        );
      const { storage, databaseUrl } = await connect(); // creates the schema (migrations) on the empty database
      const restored = await restoreBackup(client, file);
      const audit = await verifyAudit(storage.store, storage.attachments.blobs);
      if (!audit.ok) {
        io.stdout(`${JSON.stringify(audit)}\n`);
        throw new CliError('恢复的数据未通过审计校验（哈希链或佐证材料异常），请勿启用该数据库');
      }
      await createSupervisionProjector(databaseUrl, storage.dataSource, storage.store).catchUp();
      const total = Object.values(restored).reduce((sum, rows) => sum + rows, 0);
      io.stdout(
        [
          `恢复完成：${file} → 共 ${Object.keys(restored).length} 张表、${total} 行，事件 ${restored.events ?? 0} 条`,
          `审计校验通过：哈希链 ${audit.checked} 条事件完好，佐证材料 ${audit.attachments.checked} 个完好`,
          '读模型已由事件重建。',
          '下一步：启动系统（worker 启动时自动对账），或运行 npm run cli -- workflows reconcile，按事件重建 Temporal 中的工作流。',
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      await client.end();
    }
  },
};

export const BACKUP_COMMANDS: readonly Command[] = [backupCreate, backupRestore];
