/**
 * Metrics (prom-client), structured logs (pino) and traces (OpenTelemetry) for every process.
 * The adapters call in with one line each; everything that costs more is read on scrape.
 */
export {
  registry,
  httpRequestDuration,
  chainOperationDuration,
  eventStoreAppendDuration,
  eventStoreAppendGroupSize,
  secondsSince,
  startMetricsServer,
  type MetricsServer,
} from './metrics';
export { watchReadModels } from './read-model-gauges';
export { configureLogging, logger, withLogContext, addLogContext, currentLogContext, errorFields, REDACTED_PATHS } from './logging';
export type { Log, LogContext, LoggingOptions } from './logging';
export { temporalLogger } from './temporal-logging';
export { startTracing, activeTracing, inSpan, startHttpSpan, type Tracing } from './tracing';
export { clientInterceptors, workerInterceptors, workerSinks, WORKFLOW_INTERCEPTOR_MODULE } from './temporal';
export { observeHttp } from './http';
export { observeProcess, type ObservabilitySettings, type ProcessObservability } from './process';
