import type { Connection } from './storage';

/** Where a run of the CLI writes and which environment it reads; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** What a command gets: its own arguments (after the command words) and a way to the database. */
export interface CommandContext {
  args: string[];
  io: CliIo;
  /** Opens storage (and applies migrations) on first call; the CLI closes it after the command. */
  connect(): Promise<Connection>;
}

/** One entry of the CLI's command table. */
export interface Command {
  /** The words that select it, e.g. "plan import". */
  command: string;
  /** Its arguments, e.g. "<file> [--units <file>]". */
  usage: string;
  summary: string;
  /** Resolves to the exit code. */
  run(context: CommandContext): Promise<number>;
}

/** Wrong arguments: the command's usage goes to stderr and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can act on, said in one sentence; exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
