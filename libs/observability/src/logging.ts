import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** What every line written inside a request or an activity carries. */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
  workflowId?: string;
  reportId?: string;
  activity?: string;
  accountId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `fields` on every log line written inside it (and inside what it awaits). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/** Adds to the current context (a request learns its correlation id after the context began). */
export function addLogContext(fields: LogContext): void {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

export const currentLogContext = (): LogContext | undefined => context.getStore();

/**
 * Secrets and personal data, wherever a caller passes them in an object: censored, not dropped,
 * so a line shows that something was there. Bodies and headers are never logged to begin with;
 * these paths are the second line.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'cookie',
  '*.cookie',
  'secret',
  '*.secret',
  'totpSecret',
  '*.totpSecret',
  'otpauthUrl',
  '*.otpauthUrl',
  'displayName',
  '*.displayName',
  'phone',
  '*.phone',
  'body',
  '*.body',
];

export interface LoggingOptions {
  level?: string;
  /** Human-readable lines (demo mode) instead of one JSON object per line (production). */
  pretty?: boolean;
  /** Where lines go; standard output when absent (tests capture them). */
  destination?: DestinationStream;
}

// Until a process configures its logging (every service does first: observeProcess), only
// warnings and errors: tests and tools that start services in-process stay readable.
let root: Logger = build({ level: 'warn' });
let children = new Map<string, Logger>();

function build(options: LoggingOptions): Logger {
  const destination =
    options.destination ??
    (options.pretty ? pretty({ colorize: process.stdout.isTTY, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }) : undefined);
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => context.getStore() ?? {},
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/** Sets the process's logging once its configuration is read (LOG_LEVEL, demo or production). */
export function configureLogging(options: LoggingOptions): void {
  root = build(options);
  children = new Map();
}

/** A component's logger, following `configureLogging` (components may ask for it before it ran). */
export interface Log {
  debug(message: string, fields?: object): void;
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  error(message: string, fields?: object): void;
}

export function logger(component: string): Log {
  const current = () => {
    let child = children.get(component);
    if (!child) children.set(component, (child = root.child({ component })));
    return child;
  };
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: object = {}) =>
      current()[level](fields, message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An error as fields: its message and stack, never the objects it carries. */
export const errorFields = (error: unknown): { error: { message: string; name?: string; stack?: string } } =>
  error instanceof Error
    ? { error: { name: error.name, message: error.message, stack: error.stack } }
    : { error: { message: String(error) } };
