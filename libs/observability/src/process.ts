import { configureLogging, logger } from './logging';
import { startMetricsServer, type MetricsServer } from './metrics';
import { startTracing } from './tracing';

export interface ObservabilitySettings {
  mode: 'demo' | 'production';
  logLevel: string;
  metrics?: { host: string; port: number };
  otlpEndpoint?: string;
}

export interface ProcessObservability {
  /** Where Prometheus scrapes this process, when metrics are on. */
  metricsUrl?: string;
  /** Flushes the traces and closes the metrics port. */
  stop(): Promise<void>;
}

/**
 * What a service process sets up first, before any client or server exists: logging (pretty in
 * demo mode, JSON in production), tracing when a collector is named, and its metrics port.
 */
export async function observeProcess(service: string, settings: ObservabilitySettings): Promise<ProcessObservability> {
  configureLogging({ level: settings.logLevel, pretty: settings.mode === 'demo' });
  const tracing = startTracing({ serviceName: `minsheng-ledger-${service}`, endpoint: settings.otlpEndpoint });
  let server: MetricsServer | undefined;
  if (settings.metrics) server = await startMetricsServer(settings.metrics);
  const log = logger(service);
  if (server) log.info('metrics served', { url: server.url });
  if (tracing) log.info('traces exported', { endpoint: settings.otlpEndpoint });
  return {
    metricsUrl: server?.url,
    stop: async () => {
      await server?.close();
      await tracing?.shutdown();
    },
  };
}
