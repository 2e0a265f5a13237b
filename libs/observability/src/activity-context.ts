import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { withLogContext } from './logging';

/**
 * Every line an activity writes names its workflow, the activity, the request's correlation id
 * (the inputs of appending activities carry it) and the report, when the workflow is one.
 */
export class ActivityLogContextInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { workflowExecution, activityType } = this.ctx.info;
    const workflowId = workflowExecution?.workflowId ?? '';
    const first = input.args[0] as { correlationId?: unknown } | undefined;
    const correlationId = typeof first?.correlationId === 'string' ? first.correlationId : undefined;
    const reportId = workflowId.startsWith('report-') ? workflowId.slice('report-'.length) : undefined;
    return withLogContext(
      { workflowId, activity: activityType, ...(correlationId && { correlationId }), ...(reportId && { reportId }) },
      () => next(input),
    );
  }
}
