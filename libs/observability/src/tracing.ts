import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** Also the worker's sink for workflow spans (they are made inside the workflow sandbox). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Sends what is buffered (tests, and a clean stop). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * Traces go out over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT names a collector; without
 * one no tracer provider is registered and every span call below is skipped, so tracing costs nothing.
 */
export function startTracing(options: { serviceName: string; endpoint?: string }): Tracing | undefined {
  if (!options.endpoint || active) return active;
  const resource = new Resource({ 'service.name': options.serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }), {
    scheduledDelayMillis: 500,
  });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  active = {
    spanProcessor,
    resource,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      active = undefined;
      await provider.shutdown();
    },
  };
  return active;
}

export const activeTracing = (): Tracing | undefined => active;

const tracer = () => trace.getTracer('minsheng-ledger');

/** Runs `work` in a span of its own when tracing is on; otherwise just runs it. */
export function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!active) return work();
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * A server span for an HTTP request, child of the caller's `traceparent` when it sends one;
 * `run` continues the request inside it, so the Temporal client's interceptor sees it as parent.
 * Undefined when tracing is off.
 */
export function startHttpSpan(
  method: string,
  headers: Record<string, string | string[] | undefined>,
): { span: Span; run<T>(next: () => T): T } | undefined {
  if (!active) return undefined;
  const parent = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(`HTTP ${method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  const inside = trace.setSpan(parent, span);
  return { span, run: (next) => context.with(inside, next) };
}
