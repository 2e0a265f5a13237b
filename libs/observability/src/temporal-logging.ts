import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { logger } from './logging';

const LEVELS: Record<LogLevel, 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger (Runtime.install) writing through pino: the SDK's own lines, the
 * workflows' `log` calls and the Core's forwarded lines, with the workflow and activity the SDK names.
 */
export function temporalLogger(): TemporalLogger {
  const log = logger('temporal');
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => log[LEVELS[level]](message, sdkFields(meta));
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

// The SDK's metadata, with its symbol keys left out and the workflow id also as a report id.
function sdkFields(meta: LogMetadata | undefined): object {
  if (!meta) return {};
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(meta)) fields[key] = meta[key];
  const workflowId = typeof fields.workflowId === 'string' ? fields.workflowId : undefined;
  if (workflowId?.startsWith('report-')) fields.reportId = workflowId.slice('report-'.length);
  return fields;
}
