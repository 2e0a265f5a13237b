import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ReportRuleViolation, type FieldProblem, type RuleViolationCode } from '@ledger/domain';
import { Problem } from '../http/problem';

const STATUS: Record<RuleViolationCode, number> = { invalid_input: 400, forbidden: 403, invalid_state: 409 };

export function ruleProblem(code: RuleViolationCode, message: string, problems: FieldProblem[]): Problem {
  const status = STATUS[code];
  const title = status === 400 ? 'Bad Request / 请求有误' : status === 403 ? 'Forbidden / 无权操作' : 'Conflict / 状态冲突';
  return new Problem(
    status,
    title,
    message,
    problems,
    {},
    code === 'invalid_state' ? 'invalid_state' : code === 'forbidden' ? 'forbidden' : 'invalid_input',
  );
}

/**
 * The workflow refuses an operation with an ApplicationFailure whose type is the rule's code;
 * translate that (and a closed or missing workflow) into the HTTP answer.
 */
export function translateWorkflowError(
  error: unknown,
  closed = 'the report is closed and takes no further action / 报告流程已结束',
): never {
  if (error instanceof ReportRuleViolation) throw ruleProblem(error.code, error.message, error.problems);
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type as RuleViolationCode;
    if (code in STATUS) throw ruleProblem(code, error.cause.message, (error.cause.details?.[0] as FieldProblem[] | undefined) ?? []);
    // The document's record cannot take any operation (workflows/src/document.ts, appendOrHalt):
    // not the caller's fault and not mended by retrying; operators have its failure record.
    if (error.cause.type === 'OperationFailed') throw new Problem(503, 'Service Unavailable / 服务暂不可用', error.cause.message);
  }
  // An operation on a completed workflow is refused by the server as NOT_FOUND ("workflow execution
  // already completed"), which the SDK raises as WorkflowNotFoundError, as for one that never ran
  // (tests/integration/workflow-errors.test.ts asks the real server); a start whose id is taken is
  // WorkflowExecutionAlreadyStartedError.
  if (error instanceof WorkflowNotFoundError || error instanceof WorkflowExecutionAlreadyStartedError) {
    throw new Problem(409, 'Conflict / 状态冲突', closed);
  }
  throw error;
}
