import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { ActivityLogContextInterceptor } from './activity-context';
import { chainOperationDuration, documentKindOf, secondsSince } from './metrics';
import { activeTracing } from './tracing';

/** The workflow interceptors the bundle carries (their spans leave the sandbox through the `exporter` sink). */
export const WORKFLOW_INTERCEPTOR_MODULE = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

type Outcome = { failure?: unknown } | null | undefined;

/** Times a chain operation (a workflow Update) by kind, action and outcome: ok, refused (the rules said no) or error. */
async function timed<T>(workflowId: string, action: string, call: () => Promise<T>, outcomeOf: (output: T) => Outcome): Promise<T> {
  const start = process.hrtime.bigint();
  const labels = { kind: documentKindOf(workflowId), action };
  try {
    const output = await call();
    chainOperationDuration.observe({ ...labels, outcome: outcomeOf(output)?.failure ? 'refused' : 'ok' }, secondsSince(start));
    return output;
  } catch (error) {
    chainOperationDuration.observe({ ...labels, outcome: 'error' }, secondsSince(start));
    throw error;
  }
}

const chainMetrics: WorkflowClientInterceptor = {
  startUpdate: (input, next) =>
    timed(
      input.workflowExecution.workflowId,
      input.updateName,
      () => next(input),
      (output) => output.outcome,
    ),
  startUpdateWithStart: (input, next) =>
    timed(
      input.workflowStartOptions.workflowId,
      input.updateName,
      () => next(input),
      (output) => output.updateOutcome,
    ),
};

/** For every Temporal client of the services: chain metrics, and trace propagation when tracing is on. */
export function clientInterceptors(): ClientInterceptors {
  return { workflow: [chainMetrics, ...(activeTracing() ? [new OpenTelemetryWorkflowClientInterceptor()] : [])] };
}

/** For the worker: log context in every activity, and activity spans when tracing is on. */
export function workerInterceptors(): WorkerInterceptors {
  const tracing = activeTracing();
  return {
    activity: [
      ...(tracing
        ? [
            (ctx: ConstructorParameters<typeof OpenTelemetryActivityInboundInterceptor>[0]) => ({
              inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
              outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
            }),
          ]
        : []),
      (ctx) => ({ inbound: new ActivityLogContextInterceptor(ctx) }),
    ],
  };
}

/**
 * The sink the workflow interceptors export their spans to: the tracer's span processor, or
 * nothing at all when tracing is off (the bundle always carries the interceptors; it is built once).
 */
export function workerSinks(): InjectedSinks<{ exporter: { export(spans: unknown[]): void } }> {
  const tracing = activeTracing();
  if (tracing) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } as never;
  return { exporter: { export: { fn: () => undefined } } };
}
