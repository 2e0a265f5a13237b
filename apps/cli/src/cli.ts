import { CatalogError } from '@ledger/plan-catalog';
import { ACCOUNT_COMMANDS } from './account-commands';
import { AUDIT_COMMANDS } from './audit-commands';
import { BACKUP_COMMANDS } from './backup-commands';
import { CliError, UsageError, type CliIo, type Command, type CommandContext } from './command';
import { DEMO_COMMANDS } from './demo-commands';
import { KEY_COMMANDS } from './key-commands';
import { PLAN_COMMANDS } from './plan-commands';
import { PROJECTION_COMMANDS } from './projection-commands';
import { connectStorage, type Connection } from './storage';
import { WORKFLOW_COMMANDS } from './workflow-commands';

export type { CliIo, Command } from './command';

/** Every command; later ones (projections, audit) join the table here. */
export const COMMANDS: readonly Command[] = [
  ...PLAN_COMMANDS,
  ...PROJECTION_COMMANDS,
  ...AUDIT_COMMANDS,
  ...ACCOUNT_COMMANDS,
  ...WORKFLOW_COMMANDS,
  ...BACKUP_COMMANDS,
  ...DEMO_COMMANDS,
  ...KEY_COMMANDS,
];

export function usage(commands: readonly Command[] = COMMANDS): string {
  const lines = commands.map((c) => `  ${`${c.command} ${c.usage}`.padEnd(52)} ${c.summary}`);
  return [
    'usage: npm run cli -- <command> [arguments]',
    '',
    'commands:',
    ...lines,
    '',
    'The database is DATABASE_URL, or else the embedded PostgreSQL of `npm start`',
    '(DATA_DIR, default ./.data; port EMBEDDED_PG_PORT, default 54329).',
    '',
  ].join('\n');
}

/** Runs one command line (without `node main.js`) and resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    io.stderr(usage());
    return 2;
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = findCommand(argv);
  if (!command) {
    io.stderr(`unknown command: ${argv.join(' ')}\n\n${usage()}`);
    return 2;
  }
  const args = argv.slice(command.command.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`usage: npm run cli -- ${command.command} ${command.usage}\n${command.summary}\n`);
    return 0;
  }

  let connection: Promise<Connection> | undefined;
  const context: CommandContext = { args, io, connect: () => (connection ??= connectStorage(io.env)) };
  try {
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nusage: npm run cli -- ${command.command} ${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError || error instanceof CatalogError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    io.stderr(`${command.command} failed: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  } finally {
    if (connection) await connection.then((opened) => opened.storage.close()).catch(() => undefined);
  }
}

/** The command whose words start the line, the longest match first ("plan import" before "plan"). */
function findCommand(argv: readonly string[]): Command | undefined {
  const byLength = [...COMMANDS].sort((a, b) => b.command.split(' ').length - a.command.split(' ').length);
  return byLength.find((candidate) => candidate.command.split(' ').every((word, index) => argv[index] === word));
}
