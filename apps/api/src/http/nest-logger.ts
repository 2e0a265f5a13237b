import type { LoggerService } from '@nestjs/common';
import { logger } from '@ledger/observability';

/**
 * Nest's own lines (and every `new Logger(context)` in the API) through pino, so they carry the
 * request id and follow LOG_LEVEL; Nest's start-up chatter (routes mapped, modules loaded) is debug.
 */
// Nest's own contexts, which log a line per module and route at every start.
const NEST_START_UP = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

export class NestPinoLogger implements LoggerService {
  private readonly out = logger('nest');

  private write(level: 'debug' | 'info' | 'warn' | 'error', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    this.out[level](typeof message === 'string' ? message : String((message as Error)?.message ?? message), {
      ...(context && { context }),
      ...(stack && { stack }),
    });
  }

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(typeof context === 'string' && NEST_START_UP.has(context) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
}
